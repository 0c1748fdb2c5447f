using System.Collections.Concurrent;
using HdrHistogram;

namespace TicketBottle.Bench.Load;

/// <summary>
/// What one sale's customers did and saw. The warm-up and the on-sale each have their own, so the on-sale's figures
/// hold nothing of the warm-up.
/// </summary>
public sealed class Phase(string eventId)
{
    public string EventId { get; } = eventId;

    /// <summary>Every attempt, a quick 503 too.</summary>
    public Recorder Requests { get; } = new();

    /// <summary>What each customer waited: first attempt → final answer, retry pauses included.</summary>
    public Recorder CustomerWaits { get; } = new();

    /// <summary>Joined → admitted, per customer.</summary>
    public LongHistogram QueueWaits { get; } = new(TimeSpan.FromHours(1).Ticks / 10, 3);

    /// <summary>Every order awaiting payment, with its customer's access token.</summary>
    public ConcurrentBag<(string OrderId, string Token)> Placed { get; } = [];

    /// <summary>When the checkout answered (the webhook was taken), per order: the start of "paid → confirmed".</summary>
    public ConcurrentDictionary<string, DateTimeOffset> PaidAt { get; } = new();

    /// <summary>
    /// Paid → confirmed, from the order's last change (its confirmation): how far the payment event's trip (Payment's
    /// outbox relay, Kafka, Order's consumer, the saga's step) lags behind the payments.
    /// </summary>
    public LongHistogram ConfirmLags { get; } = new(TimeSpan.FromHours(1).Ticks / 10, 3);

    public int SoldOut;
    public int Watching;
    public int PeakWatching;
}
