namespace TicketBottle.Payment;

public sealed record RefundRecord(
    Guid RefundId,
    Guid PaymentId,
    string OrderId,
    string Provider,
    string ProviderTransactionId,
    long AmountVnd,
    string Reason,
    string Status,
    string? ProviderRefundRef,
    int Attempts,
    string? LastError,
    DateTime CreatedAt,
    DateTime? CompletedAt);
