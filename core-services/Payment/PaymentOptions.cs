namespace TicketBottle.Payment;

public sealed class PaymentOptions
{
    public const string SectionName = "Payment";

    /// <summary>How long a customer has to pay before the intent expires and the order is released.</summary>
    public TimeSpan IntentLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public int MaxSweepBatchSize { get; set; } = 500;

    /// <summary>The storefront; the provider sends the customer back to its order page after paying or cancelling.</summary>
    public Uri StorefrontUrl { get; set; } = new("http://localhost:8080");

    /// <summary>
    /// The provider's checkout closes this long before the intent expires, so money the provider accepted has time to
    /// reach us (callback or reconciliation) before our deadline instead of arriving late and being refunded.
    /// </summary>
    public TimeSpan ProviderExpiryMargin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Everything a provider call may take, retries included; below the callers' gRPC deadline (Services:CallTimeout,
    /// 5 s), so a slow provider becomes our clear UNAVAILABLE rather than their DEADLINE_EXCEEDED.
    /// </summary>
    public TimeSpan ProviderDeadline { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>A pending intent is asked about at the provider once it is this old without a callback, and again after as long.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Provider calls made side by side by a sweep (queries, cancellations).</summary>
    public int ProviderCallConcurrency { get; set; } = 8;
}
