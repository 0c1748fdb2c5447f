namespace TicketBottle.Inventory;

public sealed record HoldRecord(
    Guid HoldId, string EventId, string OrderId, string Status, int SeatCount, long TotalVnd, DateTime ExpiresAt);
