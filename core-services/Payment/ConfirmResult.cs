namespace TicketBottle.Payment;

/// <summary>The outcome of ConfirmPayment before it is turned into a gRPC answer.</summary>
public sealed record ConfirmResult(PaymentIntentRecord? Intent, string Result, string Detail, bool Replayed)
{
    public static ConfirmResult NotFound { get; } = new(null, "not_found", "", false);
}
