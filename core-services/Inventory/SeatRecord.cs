namespace TicketBottle.Inventory;

public sealed record SeatRecord(
    string SeatId, string SectionId, string SectionName, string RowLabel, int SeatNumber, long PriceVnd);
