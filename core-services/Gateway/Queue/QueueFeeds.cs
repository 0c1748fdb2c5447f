using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Queue;

/// <summary>
/// This pod's queue feeds, one per event with a stream open here: 10,000 customers watching cost one Waitroom call,
/// not 10,000. A feed starts with the event's first stream and stops with its last.
/// </summary>
public sealed class QueueFeeds(WaitroomService.WaitroomServiceClient waitroom, IOptions<QueueStreamOptions> options, TimeProvider clock,
    ILogger<QueueFeeds> logger)
{
    private readonly ConcurrentDictionary<string, EventQueueFeed> _events = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Follows the customer's place from the status their stream started with.</summary>
    public QueueWatcher Watch(string eventId, string streamId, QueueStatus status)
    {
        lock (_gate)
        {
            var feed = _events.GetOrAdd(eventId, id => new EventQueueFeed(id, waitroom, options.Value, clock, logger));
            var watcher = new QueueWatcher(status.CustomerId, streamId, status.Ticket, status.Position, status.QueueLength,
                Random.Shared.Next(feed.HeartbeatSlots), w => Remove(feed, w));
            feed.Add(watcher);
            return watcher;
        }
    }

    /// <summary>Customers streaming from this pod, per event, for the presence reports.</summary>
    public IEnumerable<(string EventId, IReadOnlyList<string> CustomerIds)> Watching() =>
        _events.Select(e => (e.Key, e.Value.CustomerIds()));

    private void Remove(EventQueueFeed feed, QueueWatcher watcher)
    {
        lock (_gate)
        {
            if (!feed.Remove(watcher) || !_events.TryRemove(new KeyValuePair<string, EventQueueFeed>(feed.EventId, feed)))
            {
                return;
            }
        }

        feed.Stop();
    }
}
