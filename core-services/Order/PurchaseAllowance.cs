namespace TicketBottle.Order;

/// <summary>
/// What one customer holds for one event: the order that is open right now (one per admission) and the tickets of each
/// open or confirmed order, whose sum the event's per-customer limit caps.
/// </summary>
public sealed record PurchaseAllowance(string? OpenOrderId, IReadOnlyDictionary<string, int> TicketsByOrder)
{
    public int Tickets => TicketsByOrder.Values.Sum();
}
