using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TicketBottle.Waitroom;

/// <summary>
/// Fans queue movements out to this pod's streams. Per event, one Redis Pub/Sub subscription and, per movement, one
/// range read of the queue's tickets; each stream's position is then a binary search in memory. So 10,000 streams
/// cost two Redis round trips per admission batch, not 10,000.
/// </summary>
public sealed class PositionBroadcaster(IConnectionMultiplexer redis, WaitroomStore store, ILogger<PositionBroadcaster> logger)
{
    private readonly ConcurrentDictionary<string, EventWatchers> _events = new();
    private readonly WaitroomStore _store = store;
    private readonly ILogger _logger = logger;

    public async Task<Watcher> WatchAsync(string eventId, string customerId, long ticket)
    {
        var watchers = _events.GetOrAdd(eventId, id => new EventWatchers(id, this));
        await watchers.SubscribeOnceAsync();
        return watchers.Add(customerId, ticket);
    }

    /// <summary>Customers with an open stream on this pod, per event, for the presence writer.</summary>
    public IEnumerable<(string EventId, IReadOnlyList<string> CustomerIds)> Watching() =>
        _events.Select(e => (e.Key, e.Value.CustomerIds()));

    private sealed class EventWatchers(string eventId, PositionBroadcaster owner)
    {
        private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();
        private readonly SemaphoreSlim _refreshing = new(1, 1);
        private readonly Lazy<Task> _subscription = new(() => owner.SubscribeAsync(eventId));
        private int _dirty;

        public Task SubscribeOnceAsync() => _subscription.Value;

        public Watcher Add(string customerId, long ticket)
        {
            var watcher = new Watcher(customerId, ticket, w => _watchers.TryRemove(w, out _));
            _watchers[watcher] = 0;
            return watcher;
        }

        public IReadOnlyList<string> CustomerIds() => _watchers.Keys.Select(w => w.CustomerId).ToList();

        public void OnMessage(string message)
        {
            if (message.StartsWith("admitted:", StringComparison.Ordinal))
            {
                var admitted = message["admitted:".Length..].Split(',').ToHashSet(StringComparer.Ordinal);
                foreach (var watcher in _watchers.Keys.Where(w => admitted.Contains(w.CustomerId)))
                {
                    watcher.Signal(new QueueSignal.Admitted());
                }
            }

            _ = RefreshAsync();
        }

        /// <summary>Coalesces bursts: while one refresh runs, later messages just mark it to run once more.</summary>
        public async Task RefreshAsync()
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

    private async Task SubscribeAsync(string eventId)
    {
        var watchers = _events[eventId];
        var queue = await redis.GetSubscriber().SubscribeAsync(new WaitroomKeys(eventId).Channel);
        queue.OnMessage(message => watchers.OnMessage(message.Message.ToString()));
        logger.LogInformation("Subscribed to queue movements of event {EventId}", eventId);
    }
}
