namespace TicketBottle.Gateway.Queue;

/// <summary>
/// One customer's live queue stream on this pod. The feed records what changed and rings a doorbell; the stream's
/// own loop wakes, takes every signal at once and writes the newest state, so a burst of changes is one write.
/// </summary>
public sealed class QueueWatcher(string customerId, string streamId, long ticket, long position, long queueLength, int heartbeatSlot,
    Action<QueueWatcher> onDispose) : IDisposable
{
    private readonly Doorbell _doorbell = new();
    private int _signals;
    private long _position = position;
    private long _queueLength = queueLength;

    public string CustomerId { get; } = customerId;
    public string StreamId { get; } = streamId;
    public long Ticket { get; } = ticket;
    /// <summary>Which second of the heartbeat interval this stream's heartbeat falls on, so heartbeats are spread out.</summary>
    public int HeartbeatSlot { get; } = heartbeatSlot;
    public long Position => Volatile.Read(ref _position);
    public long QueueLength => Volatile.Read(ref _queueLength);

    /// <summary>Called by the feed's single reader: only a changed position wakes the stream.</summary>
    /// <summary>
    /// Moves the customer forward; never back. Nobody joins ahead of a ticket, so a larger position only comes from a
    /// snapshot older than what the watcher knows (the status a stream opens with is fresher than the feed's last
    /// snapshot; bench/Chaos saw customers reconnecting after a Gateway restart pushed back by two).
    /// </summary>
    public void MoveTo(long position, long queueLength)
    {
        Volatile.Write(ref _queueLength, queueLength);
        long current;
        do
        {
            current = Volatile.Read(ref _position);
            if (position >= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _position, position, current) != current);

        Signal(WatcherSignals.Moved);
    }

    public void Signal(WatcherSignals signal)
    {
        Interlocked.Or(ref _signals, (int)signal);
        _doorbell.Ring();
    }

    /// <summary>Until a signal arrives (at once if one is waiting); throws <see cref="OperationCanceledException"/> once closed.</summary>
    public ValueTask WaitAsync() => _doorbell.WaitAsync();

    /// <summary>Every signal since the last call, together.</summary>
    public WatcherSignals TakeSignals() => (WatcherSignals)Interlocked.Exchange(ref _signals, 0);

    /// <summary>The stream is over (the client went away): a wait in progress ends.</summary>
    public void Close() => _doorbell.Close();

    public void Dispose()
    {
        Close();
        onDispose(this);
    }
}
