namespace TicketBottle.Order;

/// <summary>One order as stored in DynamoDB: one item per order, every transition a conditional put on state and version.</summary>
public sealed record OrderDocument
{
    public required string OrderId { get; init; }
    public required OrderStatus State { get; init; }
    public required long Version { get; init; }
    public required string IdempotencyKey { get; init; }
    public required CustomerInfo Customer { get; init; }
    public required EventInfo Event { get; init; }
    public required SeatRequest Request { get; init; }
    public required string Provider { get; init; }
    public string? HoldId { get; init; }
    public IReadOnlyList<TicketLine> Tickets { get; init; } = [];
    public long TotalVnd { get; init; }
    public PaymentInfo? Payment { get; init; }
    public string? EndReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the sweep gives up on an open order; null once the order has ended.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public bool IsOpen => State is OrderStatus.Pending or OrderStatus.AwaitingPayment;
}
