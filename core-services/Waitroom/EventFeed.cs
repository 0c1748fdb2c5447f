using System.Collections.Concurrent;
using System.Threading.Channels;
using StackExchange.Redis;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom;

/// <summary>
/// One event's feed on this pod: the Redis channel's notices go to every subscribed edge as they come; movements only
/// mark the queue as moved, and a loop reads one snapshot for everyone at most once per snapshot interval (the first
/// movement after a quiet spell at once), or once per heartbeat interval when nothing moved. Its pacing is real time,
/// not the service's clock: it is about load, not about when admissions lapse.
/// </summary>
public sealed class EventFeed(string eventId, IConnectionMultiplexer redis, WaitroomStore store, WaitroomOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<FeedSubscription, byte> _subscribers = new();
    private readonly Lock _sending = new();
    private readonly Lock _starting = new();
    private readonly Channel<bool> _moved = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
    });
    private readonly CancellationTokenSource _stopping = new();
    private Task<ChannelMessageQueue>? _subscription;
    private Task? _loop;
    private QueueFeedMessage? _latest;

    public string EventId => eventId;

    /// <summary>Called under the owner's gate. A new subscriber starts from the latest snapshot, and a fresh one follows.</summary>
    public FeedSubscription Add(Action<FeedSubscription> onDispose)
    {
        var subscription = new FeedSubscription(onDispose);
        lock (_sending)
        {
            _subscribers[subscription] = 0;
            if (_latest is { } latest)
            {
                subscription.Send(latest);
            }
        }

        _moved.Writer.TryWrite(true);
        return subscription;
    }

    /// <summary>Called under the owner's gate; true when this was the last subscriber.</summary>
    public bool Remove(FeedSubscription subscription) => _subscribers.TryRemove(subscription, out _) && _subscribers.IsEmpty;

    /// <summary>The Redis subscription, made again if the last attempt failed (Redis down a moment must not end the feed for good).</summary>
    public Task StartAsync()
    {
        lock (_starting)
        {
            if (_subscription is null || _subscription.IsFaulted || _subscription.IsCanceled)
            {
                _subscription = SubscribeAsync();
            }

            _loop ??= Task.Run(() => SnapshotLoopAsync(_stopping.Token));
            return _subscription;
        }
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            if (_subscription is { } subscription)
            {
                await (await subscription).UnsubscribeAsync();
                logger.LogInformation("Unsubscribed from queue movements of event {EventId}: no edge watches it on this pod", eventId);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Unsubscribing from event {EventId} failed; the connection drops it on reconnect", eventId);
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync()
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(new WaitroomKeys(eventId).Channel);
        queue.OnMessage(message => OnNotice(message.Message.ToString()));
        logger.LogInformation("Subscribed to queue movements of event {EventId}", eventId);
        // Whatever moved before the subscription was heard by nobody: one snapshot after it covers it.
        _moved.Writer.TryWrite(true);
        return queue;
    }

    private void OnNotice(string notice)
    {
        if (notice.StartsWith(FeedNotices.StreamOpened, StringComparison.Ordinal))
        {
            var separator = notice.LastIndexOf(':');
            Broadcast(new QueueFeedMessage
            {
                StreamOpened = new StreamOpened
                {
                    CustomerId = notice[FeedNotices.StreamOpened.Length..separator], StreamId = notice[(separator + 1)..],
                },
            });
            return;
        }

        if (notice.StartsWith(FeedNotices.Admitted, StringComparison.Ordinal))
        {
            var admitted = new CustomersAdmitted();
            admitted.CustomerIds.AddRange(notice[FeedNotices.Admitted.Length..].Split(','));
            Broadcast(new QueueFeedMessage { Admitted = admitted });
        }

        _moved.Writer.TryWrite(true);
    }

    private async Task SnapshotLoopAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await WaitForMovementAsync(stopping);
                await SendSnapshotAsync();
                await Task.Delay(options.SnapshotInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SendSnapshotAsync()
    {
        try
        {
            var snapshot = new QueueFeedMessage { Snapshot = await store.SnapshotAsync(eventId) };
            lock (_sending)
            {
                _latest = snapshot;
            }

            Broadcast(snapshot);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Reading event {EventId}'s queue failed; edges keep the last snapshot until the next try", eventId);
            _moved.Writer.TryWrite(true);
        }
    }

    /// <summary>Until the queue moves, or for at most a heartbeat interval.</summary>
    private async Task WaitForMovementAsync(CancellationToken stopping)
    {
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        heartbeat.CancelAfter(options.HeartbeatInterval);
        try
        {
            await _moved.Reader.ReadAsync(heartbeat.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Under one lock, so every subscriber sees the messages in the same order.</summary>
    private void Broadcast(QueueFeedMessage message)
    {
        lock (_sending)
        {
            foreach (var subscriber in _subscribers.Keys)
            {
                subscriber.Send(message);
            }
        }
    }
}
