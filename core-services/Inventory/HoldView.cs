namespace TicketBottle.Inventory;

public sealed record HoldView(HoldRecord Hold, IReadOnlyList<SeatRecord> Seats);
