namespace TicketBottle.ProviderSandbox;

/// <summary>A provider order as the sandbox keeps it; changed only under its own lock.</summary>
public sealed class SandboxCheckout
{
    public required string Provider { get; init; }
    /// <summary>PayOS orderCode or ZaloPay app_trans_id.</summary>
    public required string OrderRef { get; init; }
    /// <summary>PayOS paymentLinkId or ZaloPay zp_trans_token.</summary>
    public required string CheckoutId { get; init; }
    public required long AmountVnd { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required Uri ReturnUrl { get; init; }
    public Uri? CancelUrl { get; init; }
    /// <summary>ZaloPay: where its callbacks go (callback_url of the order).</summary>
    public Uri? CallbackUrl { get; init; }
    public string Status { get; set; } = "PENDING";
    public string? CancellationReason { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public List<SandboxPayment> Payments { get; } = [];

    public long AmountPaid => Payments.Sum(p => p.AmountVnd);

    /// <summary>PENDING until paid, cancelled or past its expiry.</summary>
    public string StatusAt(DateTimeOffset now) => Status == "PENDING" && now >= ExpiresAt ? "EXPIRED" : Status;
}
