using System.Threading.Channels;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom;

/// <summary>
/// One WatchQueue call's mailbox. Unbounded, because its writers must never wait on a slow edge; what goes in is
/// bounded instead: at most one snapshot per snapshot interval plus the admission and stream notices.
/// </summary>
public sealed class FeedSubscription(Action<FeedSubscription> onDispose) : IDisposable
{
    private readonly Channel<QueueFeedMessage> _mailbox = Channel.CreateUnbounded<QueueFeedMessage>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<QueueFeedMessage> Messages => _mailbox.Reader;

    public void Send(QueueFeedMessage message) => _mailbox.Writer.TryWrite(message);

    public void Dispose() => onDispose(this);
}
