namespace TicketBottle.Gateway.Api;

public sealed record TakenSeatsDto(string EventId, IReadOnlyList<string> SeatIds);
