using System.Globalization;

namespace TicketBottle.Functions.Cleanup;

/// <summary>
/// Which services to sweep and how long each may take. Sweeps run side by side, each within SweepBudget plus one
/// CallDeadline (40 s + 10 s), below the 60 s Lambda timeout in template.yaml, so the function always returns its
/// summary instead of being killed mid-sweep.
/// </summary>
public sealed record CleanupOptions
{
    public string? InventoryServiceUrl { get; init; }
    public string? PaymentServiceUrl { get; init; }
    public string? WaitroomServiceUrl { get; init; }
    public string? OrderServiceUrl { get; init; }
    public int BatchSize { get; init; } = 200;
    public TimeSpan SweepBudget { get; init; } = TimeSpan.FromSeconds(40);
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public static CleanupOptions FromEnvironment() => new()
    {
        InventoryServiceUrl = Optional("INVENTORY_SERVICE_URL"),
        PaymentServiceUrl = Optional("PAYMENT_SERVICE_URL"),
        WaitroomServiceUrl = Optional("WAITROOM_SERVICE_URL"),
        OrderServiceUrl = Optional("ORDER_SERVICE_URL"),
        BatchSize = Number("SWEEP_BATCH_SIZE", 200),
        SweepBudget = TimeSpan.FromMilliseconds(Number("SWEEP_BUDGET_MS", 40_000)),
        CallDeadline = TimeSpan.FromMilliseconds(Number("SWEEP_CALL_DEADLINE_MS", 10_000)),
    };

    private static string? Optional(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int Number(string name, int fallback) =>
        Optional(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
