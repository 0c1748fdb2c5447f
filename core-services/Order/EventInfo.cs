namespace TicketBottle.Order;

public sealed record EventInfo(string EventId, string Name, string VenueName, string VenueAddress, DateTimeOffset StartsAt, string TimeZone);
