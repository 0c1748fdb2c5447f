using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom;

/// <summary>
/// The WatchQueue feeds of this pod. Per event: one Redis Pub/Sub subscription and one snapshot loop, shared by every
/// edge pod watching the event, and nothing per customer; an event's feed ends with its last watcher.
/// </summary>
public sealed class QueueFeeds(IConnectionMultiplexer redis, WaitroomStore store, IOptions<WaitroomOptions> options,
    ILogger<QueueFeeds> logger)
{
    private readonly ConcurrentDictionary<string, EventFeed> _events = new();
    private readonly Lock _gate = new();

    public async Task<FeedSubscription> SubscribeAsync(string eventId)
    {
        EventFeed feed;
        FeedSubscription subscription;
        lock (_gate)
        {
            feed = _events.GetOrAdd(eventId, id => new EventFeed(id, redis, store, options.Value, logger));
            subscription = feed.Add(s => Remove(feed, s));
        }

        try
        {
            await feed.StartAsync();
            return subscription;
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    private void Remove(EventFeed feed, FeedSubscription subscription)
    {
        lock (_gate)
        {
            if (!feed.Remove(subscription) || !_events.TryRemove(new KeyValuePair<string, EventFeed>(feed.EventId, feed)))
            {
                return;
            }
        }

        _ = feed.StopAsync();
    }
}
