namespace TicketBottle.Gateway.Api;

public sealed record VenueDto(string VenueId, string Name, string Address, string TimeZone);
