namespace TicketBottle.Payment.Providers;

/// <summary>ZaloPay merchant credentials (Secrets Manager ticketbottle/zalopay in AWS); never logged.</summary>
public sealed class ZaloPayOptions
{
    public const string SectionName = "ZaloPay";

    public Uri BaseUrl { get; set; } = new("https://openapi.zalopay.vn");
    public long AppId { get; set; }
    public string Key1 { get; set; } = "";
    /// <summary>Our webhook (the PaymentWebhooks function's /webhooks/zalopay); ZaloPay takes it with every order.</summary>
    public Uri? CallbackUrl { get; set; }
    public string AppUser { get; set; } = "ticketbottle";
}
