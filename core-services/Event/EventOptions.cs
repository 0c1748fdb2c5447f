namespace TicketBottle.Event;

/// <summary>Where publishing sends the seat map and the on-sale window.</summary>
public sealed class DownstreamOptions
{
    public const string SectionName = "Downstream";

    public string InventoryUrl { get; set; } = "";
    public string WaitroomUrl { get; set; } = "";
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);
    public int DefaultAdmitPerSecond { get; set; } = 50;
    public int DefaultMaxAdmitted { get; set; } = 500;
}
