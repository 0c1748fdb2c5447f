namespace TicketBottle.Payment;

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
