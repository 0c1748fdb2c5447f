using TicketBottle.Contracts.Payment.V1;

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
    DateTime? CompletedAt);

public static class IntentStatus
{
    public const string Pending = "PENDING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Expired = "EXPIRED";
}

/// <summary>What we did with one provider callback; stored so a replay gets the same answer.</summary>
public static class CallbackResult
{
    public const string Applied = "applied";
    public const string AmountMismatch = "amount_mismatch";
    public const string DuplicatePayment = "duplicate_payment";
    public const string LatePayment = "late_payment";
    public const string Ignored = "ignored";

    public static bool IsRejection(string result) => result is AmountMismatch or DuplicatePayment or LatePayment;
}

public static class Providers
{
    public const string ZaloPay = "zalopay";
    public const string PayOs = "payos";

    public static string? ToName(PaymentProvider provider) => provider switch
    {
        PaymentProvider.Zalopay => ZaloPay,
        PaymentProvider.Payos => PayOs,
        _ => null,
    };

    public static PaymentProvider FromName(string name) => name switch
    {
        ZaloPay => PaymentProvider.Zalopay,
        PayOs => PaymentProvider.Payos,
        _ => PaymentProvider.Unspecified,
    };
}

/// <summary>The outcome of ConfirmPayment before it is turned into a gRPC answer.</summary>
public sealed record ConfirmResult(PaymentIntentRecord? Intent, string Result, string Detail, bool Replayed)
{
    public static ConfirmResult NotFound { get; } = new(null, "not_found", "", false);
}
