namespace TicketBottle.Payment;

/// <summary>
/// Why money goes back: a rejected callback's result (<see cref="CallbackResult.LatePayment"/>,
/// <see cref="CallbackResult.DuplicatePayment"/>, <see cref="CallbackResult.AmountMismatch"/>), or this.
/// </summary>
public static class RefundReasons
{
    /// <summary>The money came but the order had already ended (its seats were gone).</summary>
    public const string OrderEnded = "order_ended";
}
