namespace TicketBottle.Order;

public sealed class DownstreamOptions
{
    public const string SectionName = "Downstream";

    public string WaitroomUrl { get; set; } = "";
    public string InventoryUrl { get; set; } = "";
    public string PaymentUrl { get; set; } = "";
    public string EventUrl { get; set; } = "";
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
