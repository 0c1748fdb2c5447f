namespace TicketBottle.Inventory;

/// <summary>What the caller asked to hold: named seats, or a number of seats in one section.</summary>
public abstract record SeatSelection
{
    public sealed record Explicit(IReadOnlyList<string> SeatIds) : SeatSelection;
    public sealed record BestAvailable(string SectionId, int Quantity) : SeatSelection;
}
