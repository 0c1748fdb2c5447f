namespace TicketBottle.Inventory;

public static class HoldState
{
    public const string Held = "HELD";
    public const string Confirmed = "CONFIRMED";
    public const string Released = "RELEASED";
    public const string Expired = "EXPIRED";
}

public sealed record HoldRecord(
    Guid HoldId, string EventId, string OrderId, string Status, int SeatCount, long TotalVnd, DateTime ExpiresAt);

public sealed record SeatRecord(
    string SeatId, string SectionId, string SectionName, string RowLabel, int SeatNumber, long PriceVnd);

public sealed record HoldView(HoldRecord Hold, IReadOnlyList<SeatRecord> Seats);

public sealed record SectionCounts(string SectionId, string Name, long PriceVnd, int Capacity, int Held, int Sold);

public sealed record SweepResult(int HoldsReleased, int SeatsReleased);

public sealed record SeatMapSection(string SectionId, string Name, long PriceVnd, IReadOnlyList<SeatMapEntry> Seats);

public sealed record SeatMapEntry(string SeatId, string RowLabel, int SeatNumber);

/// <summary>What the caller asked to hold: named seats, or a number of seats in one section.</summary>
public abstract record SeatSelection
{
    public sealed record Explicit(IReadOnlyList<string> SeatIds) : SeatSelection;
    public sealed record BestAvailable(string SectionId, int Quantity) : SeatSelection;
}

public enum InventoryErrorKind { InvalidArgument, NotFound, Unavailable }

/// <summary>A request the inventory refuses, with a message meant for the caller.</summary>
public sealed class InventoryException(InventoryErrorKind kind, string message) : Exception(message)
{
    public InventoryErrorKind Kind { get; } = kind;
}
