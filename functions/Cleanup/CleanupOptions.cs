using TicketBottle.Functions.Common;


namespace TicketBottle.Functions.Cleanup;

/// <summary>
/// Which services to sweep and how long each may take. Sweeps run side by side, each within SweepBudget plus one
/// CallDeadline (40 s + 10 s), below the 60 s Lambda timeout in template.yaml, so the function always returns its
/// summary instead of being killed mid-sweep.
/// </summary>
public sealed record CleanupOptions
{
    /// <summary>This function's service identity key (<see cref="CoreServiceChannels"/>).</summary>
    public required string ServiceIdentityKey { get; init; }
    public string? InventoryServiceUrl { get; init; }
    public string? PaymentServiceUrl { get; init; }
    public string? WaitroomServiceUrl { get; init; }
    public string? OrderServiceUrl { get; init; }
    public int BatchSize { get; init; } = 200;
    public TimeSpan SweepBudget { get; init; } = TimeSpan.FromSeconds(40);
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public static CleanupOptions FromEnvironment() => new()
    {
        ServiceIdentityKey = FunctionEnvironment.Required(CoreServiceChannels.KeyVariable),
        InventoryServiceUrl = FunctionEnvironment.Optional("INVENTORY_SERVICE_URL"),
        PaymentServiceUrl = FunctionEnvironment.Optional("PAYMENT_SERVICE_URL"),
        WaitroomServiceUrl = FunctionEnvironment.Optional("WAITROOM_SERVICE_URL"),
        OrderServiceUrl = FunctionEnvironment.Optional("ORDER_SERVICE_URL"),
        BatchSize = FunctionEnvironment.Integer("SWEEP_BATCH_SIZE", 200),
        SweepBudget = FunctionEnvironment.Milliseconds("SWEEP_BUDGET_MS", TimeSpan.FromSeconds(40)),
        CallDeadline = FunctionEnvironment.Milliseconds("SWEEP_CALL_DEADLINE_MS", TimeSpan.FromSeconds(10)),
    };
}
