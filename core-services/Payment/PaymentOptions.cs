namespace TicketBottle.Payment;

public sealed class PaymentOptions
{
    public const string SectionName = "Payment";

    /// <summary>How long a customer has to pay before the intent expires and the order is released.</summary>
    public TimeSpan IntentLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public int MaxSweepBatchSize { get; set; } = 500;
}
