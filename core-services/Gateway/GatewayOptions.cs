namespace TicketBottle.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Public base URL of the ticket PDF route (the PdfGenerator function behind API Gateway).</summary>
    public string TicketsBaseUrl { get; set; } = "";
    /// <summary>Largest request body the API reads (its largest legitimate body is an order of 30 seat ids); more is 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
