namespace TicketBottle.Gateway.Api;

public sealed record TicketDto(string TicketId, string SeatId, string SectionName, string Row, int SeatNumber, long PriceVnd);
