namespace TicketBottle.ProviderSandbox;

/// <summary>A ZaloPay refund: processing when asked for, done when next queried.</summary>
public sealed class SandboxRefund
{
    public required string RefundRef { get; init; }
    public required string TransactionId { get; init; }
    public required long AmountVnd { get; init; }
    public bool Done { get; set; }
}
