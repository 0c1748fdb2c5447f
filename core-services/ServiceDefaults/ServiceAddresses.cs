namespace TicketBottle.ServiceDefaults;

/// <summary>
/// Where the core services answer, for the services and the Gateway that call them ("Services" section, e.g.
/// Services__InventoryUrl in a pod's environment). Each caller requires only the addresses it calls.
/// </summary>
public sealed class ServiceAddresses
{
    public const string SectionName = "Services";

    public string UserUrl { get; set; } = "";
    public string EventUrl { get; set; } = "";
    public string InventoryUrl { get; set; } = "";
    public string WaitroomUrl { get; set; } = "";
    public string PaymentUrl { get; set; } = "";
    public string OrderUrl { get; set; } = "";
    /// <summary>Deadline of every unary call that does not set its own.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
