namespace TicketBottle.Gateway.Api;

public sealed record VenueDto(string Name, string Address, string TimeZone);
