namespace TicketBottle.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Public base URL of the ticket PDF route (the PdfGenerator function behind API Gateway).</summary>
    public string TicketsBaseUrl { get; set; } = "";
}
