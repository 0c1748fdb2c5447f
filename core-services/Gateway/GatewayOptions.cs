namespace TicketBottle.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public string UserUrl { get; set; } = "";
    public string EventUrl { get; set; } = "";
    public string InventoryUrl { get; set; } = "";
    public string WaitroomUrl { get; set; } = "";
    public string OrderUrl { get; set; } = "";
    /// <summary>Public base URL of the ticket PDF route (the PdfGenerator function behind API Gateway).</summary>
    public string TicketsBaseUrl { get; set; } = "";
    /// <summary>Deadline of every unary call to a core service.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
