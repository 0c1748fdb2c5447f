namespace TicketBottle.Order;

public sealed record TicketLine(string TicketId, string SeatId, string SectionName, string Row, int SeatNumber, long PriceVnd);
