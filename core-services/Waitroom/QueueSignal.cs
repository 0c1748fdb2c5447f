namespace TicketBottle.Waitroom;

/// <summary>
/// What a watching stream is told: its new position, that it was admitted, that it left the queue, or that the
/// customer opened a newer stream for the event.
/// </summary>
public abstract record QueueSignal
{
    public sealed record Moved(long Position, long QueueLength) : QueueSignal;
    public sealed record Admitted : QueueSignal;
    public sealed record Gone : QueueSignal;
    public sealed record Replaced : QueueSignal;
}
