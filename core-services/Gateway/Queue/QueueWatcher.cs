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
    // What the stream last wrote (it opens with the status it was given): the pacing of moves starts there.
    private long _written = position;

    public string CustomerId { get; } = customerId;
    public string StreamId { get; } = streamId;
    public long Ticket { get; } = ticket;
    /// <summary>
    /// Which second of the heartbeat interval this stream's heartbeat falls on, so heartbeats are spread out; it also
    /// picks the stream's second for moves held back (<see cref="PositionPacing.IsQuietTurn"/>).
    /// </summary>
    public int HeartbeatSlot { get; } = heartbeatSlot;
    public long Position => Volatile.Read(ref _position);
    public long QueueLength => Volatile.Read(ref _queueLength);
    /// <summary>The place the stream last wrote; a <see cref="Position"/> ahead of it is a move not written yet.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>
    /// Called by the feed's single reader. Moves the customer forward; never back. Nobody joins ahead of a ticket, so a
    /// larger position only comes from a snapshot older than what the watcher knows (the status a stream opens with is
    /// fresher than the feed's last snapshot; bench/Chaos saw customers reconnecting after a Gateway restart pushed back
    /// by two). Only a move worth writing at once (<see cref="PositionPacing"/>) wakes the stream: deciding here, in the
    /// feed's loop, spares the other streams a wake-up for nothing; the feed's heartbeat brings the others.
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

        if (PositionPacing.IsWorthWritingAtOnce(Written, position))
        {
            Signal(WatcherSignals.Moved);
        }
    }

    /// <summary>The stream wrote <paramref name="position"/>: the next move is paced from here.</summary>
    public void Wrote(long position) => Volatile.Write(ref _written, position);

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
