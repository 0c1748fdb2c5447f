namespace TicketBottle.Gateway.Api;

public sealed record OrderEventDto(string EventId, string Name, string VenueName, DateTimeOffset StartsAt, string TimeZone);
