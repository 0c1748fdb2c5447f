namespace TicketBottle.Waitroom;

/// <summary>The messages on an event's Redis channel, from the scripts (admitted, moved) and from OpenStream.</summary>
public static class FeedNotices
{
    /// <summary>"admitted:c1,c2,…", published by the admission script.</summary>
    public const string Admitted = "admitted:";
    /// <summary>"stream-opened:customer:stream".</summary>
    public const string StreamOpened = "stream-opened:";
}
