namespace TicketBottle.Inventory;

public sealed record SeatMapEntry(string SeatId, string RowLabel, int SeatNumber);
