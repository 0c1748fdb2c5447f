using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TicketBottle.Waitroom;

/// <summary>
/// Fans queue movements out to this pod's streams. Per event, one Redis Pub/Sub subscription and, per movement, one
/// range read of the queue's tickets; each stream's position is then a binary search in memory. So 10,000 streams
/// cost two Redis round trips per admission batch, not 10,000. A subscription that failed is made again by the next
/// stream, and an event's subscription ends with its last stream on this pod. A customer has one stream per event: a
/// new one announces itself on the channel, and every pod closes that customer's older streams.
/// </summary>
public sealed class PositionBroadcaster(IConnectionMultiplexer redis, WaitroomStore store, ILogger<PositionBroadcaster> logger)
{
    private const string AdmittedPrefix = "admitted:";
    private const string OpenedPrefix = "stream-opened:";
    private readonly ConcurrentDictionary<string, EventWatchers> _events = new();
    private readonly Lock _gate = new();
    private readonly IConnectionMultiplexer _redis = redis;
    private readonly WaitroomStore _store = store;
    private readonly ILogger _logger = logger;

    public async Task<Watcher> WatchAsync(string eventId, string customerId, long ticket)
    {
        EventWatchers watchers;
        Watcher watcher;
        lock (_gate)
        {
            watchers = _events.GetOrAdd(eventId, id => new EventWatchers(id, this));
            watcher = watchers.Add(customerId, ticket);
        }

        try
        {
            await watchers.SubscribeAsync();
            await _redis.GetSubscriber().PublishAsync(new WaitroomKeys(eventId).Channel, $"{OpenedPrefix}{customerId}:{watcher.StreamId}");
            return watcher;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }
    }

    /// <summary>Customers with an open stream on this pod, per event, for the presence writer.</summary>
    public IEnumerable<(string EventId, IReadOnlyList<string> CustomerIds)> Watching() =>
        _events.Select(e => (e.Key, e.Value.CustomerIds()));

    private void Remove(EventWatchers watchers, Watcher watcher)
    {
        lock (_gate)
        {
            if (!watchers.Remove(watcher) || !_events.TryRemove(new KeyValuePair<string, EventWatchers>(watchers.EventId, watchers)))
            {
                return;
            }
        }

        _ = watchers.UnsubscribeAsync();
    }

    private sealed class EventWatchers(string eventId, PositionBroadcaster owner)
    {
        private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();
        private readonly SemaphoreSlim _refreshing = new(1, 1);
        private readonly Lock _subscribing = new();
        private Task<ChannelMessageQueue>? _subscription;
        private int _dirty;

        public string EventId => eventId;

        /// <summary>The subscription, made again if the last attempt failed (Redis down a moment must not end this event's streams for good).</summary>
        public Task SubscribeAsync()
        {
            lock (_subscribing)
            {
                if (_subscription is null || _subscription.IsFaulted || _subscription.IsCanceled)
                {
                    _subscription = SubscribeCoreAsync();
                }

                return _subscription;
            }
        }

        public async Task UnsubscribeAsync()
        {
            try
            {
                if (_subscription is { } subscription)
                {
                    await (await subscription).UnsubscribeAsync();
                    owner._logger.LogInformation("Unsubscribed from queue movements of event {EventId}: no stream left on this pod", eventId);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                owner._logger.LogWarning(ex, "Unsubscribing from event {EventId} failed; the connection drops it on reconnect", eventId);
            }
        }

        /// <summary>Called under the owner's gate.</summary>
        public Watcher Add(string customerId, long ticket)
        {
            var watcher = new Watcher(customerId, ticket, w => owner.Remove(this, w));
            _watchers[watcher] = 0;
            return watcher;
        }

        /// <summary>Called under the owner's gate; true when this was the last watcher.</summary>
        public bool Remove(Watcher watcher) => _watchers.TryRemove(watcher, out _) && _watchers.IsEmpty;

        public IReadOnlyList<string> CustomerIds() => _watchers.Keys.Select(w => w.CustomerId).ToList();

        private async Task<ChannelMessageQueue> SubscribeCoreAsync()
        {
            var queue = await owner._redis.GetSubscriber().SubscribeAsync(new WaitroomKeys(eventId).Channel);
            queue.OnMessage(message => OnMessage(message.Message.ToString()));
            owner._logger.LogInformation("Subscribed to queue movements of event {EventId}", eventId);
            return queue;
        }

        private void OnMessage(string message)
        {
            if (message.StartsWith(OpenedPrefix, StringComparison.Ordinal))
            {
                var (customerId, streamId) = (message[OpenedPrefix.Length..message.LastIndexOf(':')], message[(message.LastIndexOf(':') + 1)..]);
                foreach (var older in _watchers.Keys.Where(w => w.CustomerId == customerId && w.StreamId.ToString() != streamId))
                {
                    older.Signal(new QueueSignal.Replaced());
                }

                return;
            }

            if (message.StartsWith(AdmittedPrefix, StringComparison.Ordinal))
            {
                var admitted = message[AdmittedPrefix.Length..].Split(',').ToHashSet(StringComparer.Ordinal);
                foreach (var watcher in _watchers.Keys.Where(w => admitted.Contains(w.CustomerId)))
                {
                    watcher.Signal(new QueueSignal.Admitted());
                }
            }

            _ = RefreshAsync();
        }

        /// <summary>Coalesces bursts: while one refresh runs, later messages just mark it to run once more.</summary>
        private async Task RefreshAsync()
        {
            Interlocked.Exchange(ref _dirty, 1);
            if (!await _refreshing.WaitAsync(0))
            {
                return;
            }

            try
            {
                while (Interlocked.Exchange(ref _dirty, 0) == 1)
                {
                    var watchers = _watchers.Keys.ToList();
                    if (watchers.Count == 0)
                    {
                        return;
                    }

                    var tickets = await owner._store.TicketsUpToAsync(eventId, watchers.Max(w => w.Ticket));
                    var queueLength = await owner._store.QueueLengthAsync(eventId);
                    foreach (var watcher in watchers)
                    {
                        var index = Array.BinarySearch(tickets, watcher.Ticket);
                        if (index < 0)
                        {
                            watcher.Signal(new QueueSignal.Gone());
                        }
                        else if (index != watcher.LastPosition)
                        {
                            watcher.LastPosition = index;
                            watcher.Signal(new QueueSignal.Moved(index, queueLength));
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                owner._logger.LogWarning(ex, "Position refresh for event {EventId} failed; streams keep their last position", eventId);
            }
            finally
            {
                _refreshing.Release();
            }
        }
    }
}
