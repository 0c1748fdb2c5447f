namespace TicketBottle.Payment;

/// <summary>The reference each provider knows a payment by.</summary>
public static class ProviderOrderRefs
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>
    /// ZaloPay's app_trans_id must start with the transaction date in Vietnam time (yyMMdd) and be unique per app;
    /// the payment id keeps it unique and within the 40-character limit.
    /// </summary>
    public static string ZaloPay(Guid paymentId, DateTimeOffset now) =>
        $"{now.ToOffset(VietnamOffset):yyMMdd}_{paymentId:N}";
}
