namespace TicketBottle.Payment;

public sealed class PaymentOptions
{
    public const string SectionName = "Payment";

    /// <summary>How long a customer has to pay before the intent expires and the order is released.</summary>
    public TimeSpan IntentLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public int MaxSweepBatchSize { get; set; } = 500;
}

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    public bool Enabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public int BatchSize { get; set; } = 100;
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
