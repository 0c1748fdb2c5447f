using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Payment;

public static class ProviderNames
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
