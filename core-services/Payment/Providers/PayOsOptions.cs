namespace TicketBottle.Payment.Providers;

/// <summary>PayOS merchant credentials (Secrets Manager ticketbottle/payos in AWS); never logged.</summary>
public sealed class PayOsOptions
{
    public const string SectionName = "PayOS";

    public Uri BaseUrl { get; set; } = new("https://api-merchant.payos.vn");
    public string ClientId { get; set; } = "";
    public string ApiKey { get; set; } = "";
    public string ChecksumKey { get; set; } = "";
}
