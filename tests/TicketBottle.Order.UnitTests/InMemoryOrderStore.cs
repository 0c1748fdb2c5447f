using System.Collections.Concurrent;
using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Order.UnitTests;

/// <summary>
/// The order store's contract in memory, for the unit tier only: creation only when new, transitions only from the
/// state and version they were decided from, the outbox event kept with the transition. DynamoDbOrderStore keeps the
/// same promises against DynamoDB (end-to-end tests).
/// </summary>
public sealed class InMemoryOrderStore : IOrderStore
{
    private readonly ConcurrentDictionary<string, (OrderDocument Order, IntegrationEvent? Outbox, DateTimeOffset? OutboxAt)> _items = new();
    private readonly Dictionary<(string EventId, string CustomerId), PurchaseAllowance> _allowances = new();

    public IReadOnlyCollection<OrderDocument> Orders => _items.Values.Select(i => i.Order).ToList();

    public IntegrationEvent? PendingEvent(string orderId) => _items.TryGetValue(orderId, out var item) ? item.Outbox : null;

    public Task<bool> TryCreateAsync(OrderDocument order, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryAdd(order.OrderId, (order, null, null)));

    public Task<OrderDocument?> GetAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(orderId, out var item) ? item.Order : null);

    public Task<IReadOnlyList<OrderDocument>> FindConfirmedAsync(string eventId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OrderDocument>>(_items.Values.Select(i => i.Order)
            .Where(o => o.State == OrderStatus.Confirmed && o.Event.EventId == eventId).OrderBy(o => o.OrderId, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<OrderDocument>> ListByCustomerAsync(string customerId, int pageSize, (DateTimeOffset CreatedAt, string OrderId)? after,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OrderDocument>>(_items.Values.Select(i => i.Order).Where(o => o.Customer.CustomerId == customerId)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId, StringComparer.Ordinal)
            .SkipWhile(o => after is { } last && (o.CreatedAt > last.CreatedAt || (o.CreatedAt == last.CreatedAt && string.CompareOrdinal(o.OrderId, last.OrderId) >= 0)))
            .Take(pageSize).ToList());

    public Task<bool> TryTransitionAsync(OrderDocument from, OrderDocument to, IntegrationEvent? outboxEvent, CancellationToken cancellationToken)
    {
        if (to.Version != from.Version + 1)
        {
            throw new ArgumentException("A transition moves the version by exactly one.", nameof(to));
        }

        if (!_items.TryGetValue(from.OrderId, out var current) || current.Order.State != from.State || current.Order.Version != from.Version)
        {
            return Task.FromResult(false);
        }

        // Like DynamoDB's conditional put, the transition replaces the whole item, outbox attributes included.
        return Task.FromResult(_items.TryUpdate(from.OrderId, (to, outboxEvent, outboxEvent is null ? null : to.UpdatedAt), current));
    }

    public Task<IReadOnlyList<string>> FindOverdueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_items.Values
            .Where(i => i.Order.IsOpen && i.Order.Deadline < now)
            .OrderBy(i => i.Order.Deadline)
            .Take(limit)
            .Select(i => i.Order.OrderId)
            .ToList());

    public Task<IReadOnlyList<string>> FindUnpublishedAsync(DateTimeOffset olderThan, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_items.Values
            .Where(i => i.Outbox is not null && i.OutboxAt < olderThan)
            .Take(limit)
            .Select(i => i.Order.OrderId)
            .ToList());

    public Task<IntegrationEvent?> GetPendingEventAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(PendingEvent(orderId));

    public Task MarkPublishedAsync(string orderId, string integrationEventId, CancellationToken cancellationToken)
    {
        if (_items.TryGetValue(orderId, out var current) && current.Outbox?.Id == integrationEventId)
        {
            _items.TryUpdate(orderId, (current.Order, null, null), current);
        }

        return Task.CompletedTask;
    }

    public Task<PurchaseAllowance?> GetPurchaseAllowanceAsync(string eventId, string customerId, CancellationToken cancellationToken)
    {
        lock (_allowances)
        {
            return Task.FromResult(_allowances.GetValueOrDefault((eventId, customerId)));
        }
    }

    public Task<bool> TryReservePurchaseAsync(string eventId, string customerId, string orderId, int tickets, int limit,
        CancellationToken cancellationToken)
    {
        lock (_allowances)
        {
            var allowance = _allowances.GetValueOrDefault((eventId, customerId)) ?? new PurchaseAllowance(null, new Dictionary<string, int>());
            if (allowance.TicketsByOrder.ContainsKey(orderId))
            {
                return Task.FromResult(true);
            }

            if (allowance.OpenOrderId is not null || allowance.Tickets + tickets > limit)
            {
                return Task.FromResult(false);
            }

            _allowances[(eventId, customerId)] = new PurchaseAllowance(orderId,
                new Dictionary<string, int>(allowance.TicketsByOrder) { [orderId] = tickets });
            return Task.FromResult(true);
        }
    }

    public Task ClosePurchaseAsync(string eventId, string customerId, string orderId, bool keepTickets, CancellationToken cancellationToken)
    {
        lock (_allowances)
        {
            if (_allowances.GetValueOrDefault((eventId, customerId)) is { } allowance)
            {
                var tickets = new Dictionary<string, int>(allowance.TicketsByOrder);
                if (!keepTickets)
                {
                    tickets.Remove(orderId);
                }

                _allowances[(eventId, customerId)] = new PurchaseAllowance(allowance.OpenOrderId == orderId ? null : allowance.OpenOrderId, tickets);
            }

            return Task.CompletedTask;
        }
    }
}
