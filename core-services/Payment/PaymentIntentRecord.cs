namespace TicketBottle.Payment;

public sealed record PaymentIntentRecord(
    Guid PaymentId,
    string OrderId,
    string Provider,
    string ProviderOrderRef,
    long AmountVnd,
    string Description,
    string Status,
    string? ProviderTransactionId,
    string? FailureReason,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    DateTime? CompletedAt,
    string? CheckoutUrl,
    string? QrCode,
    string? TraceParent);
