namespace TicketBottle.Event;

public sealed class EventOptions
{
    public const string SectionName = "Event";

    /// <summary>Publishing hands Inventory the whole seat map (thousands of seats) and opens the Waitroom: longer than a plain call.</summary>
    public TimeSpan PublishDeadline { get; set; } = TimeSpan.FromSeconds(30);
    public int DefaultAdmitPerSecond { get; set; } = 50;
    public int DefaultMaxAdmitted { get; set; } = 500;
    public int DefaultMaxTicketsPerCustomer { get; set; } = 6;
}
