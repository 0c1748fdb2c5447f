using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Order;

/// <summary>
/// Where orders live. Every write is conditional: creation on the id being new, each transition on the state and
/// version it was decided from, so two actors (payment consumer, sweep, a retried PlaceOrder) never both win. An
/// integration event caused by a transition is stored with it (a per-order outbox) and removed once Kafka
/// acknowledged it, so a crash between the write and the publish loses nothing.
/// </summary>
public interface IOrderStore
{
    /// <summary>False when an order with this id already exists.</summary>
    Task<bool> TryCreateAsync(OrderDocument order, CancellationToken cancellationToken);

    /// <summary>A strongly consistent read; null for an unknown id.</summary>
    Task<OrderDocument?> GetAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <paramref name="from"/> with <paramref name="to"/> (whose version must be one higher) if nobody moved
    /// the order since it was read, storing <paramref name="outboxEvent"/> with it. False when someone did: re-read and
    /// decide again.
    /// </summary>
    Task<bool> TryTransitionAsync(OrderDocument from, OrderDocument to, IntegrationEvent? outboxEvent, CancellationToken cancellationToken);

    /// <summary>Open orders whose deadline passed (ids only; callers re-read consistently).</summary>
    Task<IReadOnlyList<string>> FindOverdueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Orders with an integration event stored before <paramref name="olderThan"/> and not yet acknowledged by Kafka.</summary>
    Task<IReadOnlyList<string>> FindUnpublishedAsync(DateTimeOffset olderThan, int limit, CancellationToken cancellationToken);

    /// <summary>Every paid order of the event (eventually consistent: an order confirmed a moment ago may be missing).</summary>
    Task<IReadOnlyList<OrderDocument>> FindConfirmedAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// The customer's orders, newest first, <paramref name="pageSize"/> at a time; <paramref name="after"/> is the last
    /// order of the previous page (its creation time and id), null for the first.
    /// </summary>
    Task<IReadOnlyList<OrderDocument>> ListByCustomerAsync(string customerId, int pageSize, (DateTimeOffset CreatedAt, string OrderId)? after,
        CancellationToken cancellationToken);

    Task<IntegrationEvent?> GetPendingEventAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Null when the customer never reserved a purchase for the event.</summary>
    Task<PurchaseAllowance?> GetPurchaseAllowanceAsync(string eventId, string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="orderId"/> the customer's one open purchase for the event and counts its tickets, in one
    /// conditional write: only when no other order is open and the tickets stay within <paramref name="limit"/>. True
    /// also when this order had already reserved (a retry). False: read the allowance to see which rule refused.
    /// </summary>
    Task<bool> TryReservePurchaseAsync(string eventId, string customerId, string orderId, int tickets, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The order is no longer open: frees the open-purchase slot if it is this order's, and, unless the tickets were
    /// bought (<paramref name="keepTickets"/>), uncounts them. Idempotent.
    /// </summary>
    Task ClosePurchaseAsync(string eventId, string customerId, string orderId, bool keepTickets, CancellationToken cancellationToken);

    /// <summary>Drops the outbox entry after the broker's ack, only if it is still the same integration event.</summary>
    Task MarkPublishedAsync(string orderId, string integrationEventId, CancellationToken cancellationToken);
}
