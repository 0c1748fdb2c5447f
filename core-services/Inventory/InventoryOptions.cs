namespace TicketBottle.Inventory;

public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    /// <summary>Most seats one order may hold; large enough for group bookings of 25.</summary>
    public int MaxSeatsPerOrder { get; set; } = 30;
    public int DefaultHoldSeconds { get; set; } = 600;
    public int MaxHoldSeconds { get; set; } = 3600;
    public int MaxSweepBatchSize { get; set; } = 1000;
    public int MaxSeatsPerSeatMapCall { get; set; } = 100_000;
}
