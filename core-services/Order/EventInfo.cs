namespace TicketBottle.Order;

/// <param name="MaxTicketsPerCustomer">The event's per-customer limit when the order was placed (retries enforce the same one).</param>
public sealed record EventInfo(
    string EventId, string Name, string VenueName, string VenueAddress, DateTimeOffset StartsAt, string TimeZone, int MaxTicketsPerCustomer);
