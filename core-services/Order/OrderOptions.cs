namespace TicketBottle.Order;

public sealed class OrderOptions
{
    public const string SectionName = "Order";

    /// <summary>
    /// How long Inventory keeps the seats. Must outlive Payment:IntentLifetime plus <see cref="PaymentGrace"/>, so a
    /// payment the Payment service accepts always finds its seats still held.
    /// </summary>
    public TimeSpan HoldLifetime { get; set; } = TimeSpan.FromMinutes(20);
    /// <summary>Time after the payment intent's expiry before the sweep expires the order (Kafka lag, provider delay).</summary>
    public TimeSpan PaymentGrace { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>An order still PENDING this long after creation was cut short (crash mid-saga, client gone) and expires.</summary>
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromMinutes(5);
    public int MaxSweepBatchSize { get; set; } = 500;
    /// <summary>Orders whose event stayed unpublished this long are picked up by the relay instead of the fast path.</summary>
    public TimeSpan OutboxRelayAge { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan OutboxRelayInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Consumer group of the payment-events consumer; off when Kafka is not configured.</summary>
    public string ConsumerGroup { get; set; } = "order-service";
}
