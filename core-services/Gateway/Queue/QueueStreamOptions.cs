namespace TicketBottle.Gateway.Queue;

public sealed class QueueStreamOptions
{
    public const string SectionName = "QueueStreams";

    /// <summary>A stream with nothing to say writes a comment this often, so dead connections surface (spread over the interval).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>How often this pod tells the Waitroom its streaming customers are still there (well inside its inactivity timeout).</summary>
    public TimeSpan PresenceInterval { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>Longest pause between attempts to reconnect a broken queue feed.</summary>
    public TimeSpan FeedRetryLimit { get; set; } = TimeSpan.FromSeconds(5);
}
