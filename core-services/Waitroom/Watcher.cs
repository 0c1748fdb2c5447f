using System.Threading.Channels;

namespace TicketBottle.Waitroom;

/// <summary>One open WatchPosition stream. Only the newest signal matters, so the mailbox keeps just one.</summary>
public sealed class Watcher(string customerId, long ticket, Action<Watcher> onDispose) : IDisposable
{
    private readonly Channel<QueueSignal> _mailbox = Channel.CreateBounded<QueueSignal>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public string CustomerId { get; } = customerId;
    public Guid StreamId { get; } = Guid.NewGuid();
    public long Ticket { get; } = ticket;
    public long LastPosition { get; set; } = -1;

    public void Signal(QueueSignal signal) => _mailbox.Writer.TryWrite(signal);

    public ValueTask<QueueSignal> NextAsync(CancellationToken cancellationToken) => _mailbox.Reader.ReadAsync(cancellationToken);

    public void Dispose() => onDispose(this);
}
