namespace TicketBottle.Event;

public sealed record EventRecord(
    string EventId, Guid VenueId, string Name, string Description, DateTime StartsAt, DateTime SaleStartsAt, DateTime SaleEndsAt,
    string Status, int AdmitPerSecond, int MaxAdmitted, int MaxTicketsPerCustomer, string OrganizerId, bool DrawAtOpening);
