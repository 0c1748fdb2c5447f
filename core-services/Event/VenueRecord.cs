namespace TicketBottle.Event;

public sealed record VenueRecord(Guid VenueId, string Name, string Address, string TimeZone);
