using System.Collections.Concurrent;
using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Queue;

/// <summary>
/// One event's queue on this pod: a single WatchQueue call to the Waitroom, whose snapshots place every customer
/// streaming from here, and a heartbeat that reaches each stream once per interval, a slice of them every second, and
/// writes each stream's moves held back by <see cref="PositionPacing"/> in its own second of every quiet limit.
/// While the feed is broken the streams keep their last position and it reconnects with a growing pause.
/// </summary>
public sealed class EventQueueFeed(string eventId, WaitroomService.WaitroomServiceClient waitroom, QueueStreamOptions options, TimeProvider clock,
    ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<string, QueueWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private volatile QueuePositions? _latest;
    private bool _started;

    public string EventId => eventId;

    public int HeartbeatSlots => Math.Max(1, (int)options.HeartbeatInterval.TotalSeconds);

    /// <summary>Called under the owner's gate. The customer's older stream on this pod ends here and now.</summary>
    public void Add(QueueWatcher watcher)
    {
        _watchers.AddOrUpdate(watcher.CustomerId, watcher, (_, older) =>
        {
            older.Signal(WatcherSignals.Replaced);
            return watcher;
        });
        if (!_started)
        {
            _started = true;
            _ = Task.Run(() => FollowAsync(_stopping.Token));
            // Started here, not in the task: the heartbeat's seconds count from the first stream.
            var seconds = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
            _ = Task.Run(() => HeartbeatAsync(seconds, _stopping.Token));
        }

        // Whatever the last snapshot already says (e.g. admitted between the customer's status read and now) counts.
        if (_latest is { } latest)
        {
            Place(watcher, latest);
        }
    }

    /// <summary>Called under the owner's gate; true when this was the last stream.</summary>
    public bool Remove(QueueWatcher watcher) =>
        _watchers.TryRemove(new KeyValuePair<string, QueueWatcher>(watcher.CustomerId, watcher)) && _watchers.IsEmpty;

    public void Stop() => _stopping.Cancel();

    public IReadOnlyList<string> CustomerIds() => [.. _watchers.Keys];

    private async Task FollowAsync(CancellationToken stopping)
    {
        var pause = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var call = waitroom.WatchQueue(new WatchQueueRequest { EventId = eventId }, cancellationToken: stopping);
                await foreach (var message in call.ResponseStream.ReadAllAsync(stopping))
                {
                    pause = FirstRetry;
                    Handle(message);
                }

                logger.LogInformation("Queue feed of event {EventId} ended by the Waitroom; reconnecting", eventId);
            }
            catch (Exception ex) when (stopping.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                return;
            }
            catch (RpcException ex)
            {
                logger.LogWarning("Queue feed of event {EventId} broke ({GrpcStatus}: {GrpcDetail}); {Streams} streams keep their last position, reconnecting in {Pause}",
                    eventId, ex.StatusCode, ex.Status.Detail, _watchers.Count, pause);
            }

            try
            {
                await Task.Delay(pause, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, options.FeedRetryLimit.Ticks));
        }
    }

    private void Handle(QueueFeedMessage message)
    {
        switch (message.KindCase)
        {
            case QueueFeedMessage.KindOneofCase.Snapshot:
                var positions = QueuePositions.From(message.Snapshot);
                _latest = positions;
                foreach (var (_, watcher) in _watchers)
                {
                    Place(watcher, positions);
                }

                break;
            case QueueFeedMessage.KindOneofCase.Admitted:
                foreach (var customerId in message.Admitted.CustomerIds)
                {
                    if (_watchers.TryGetValue(customerId, out var admitted))
                    {
                        admitted.Signal(WatcherSignals.Check);
                    }
                }

                break;
            case QueueFeedMessage.KindOneofCase.StreamOpened:
                if (_watchers.TryGetValue(message.StreamOpened.CustomerId, out var older) && older.StreamId != message.StreamOpened.StreamId)
                {
                    older.Signal(WatcherSignals.Replaced);
                }

                break;
        }
    }

    private static void Place(QueueWatcher watcher, QueuePositions positions)
    {
        switch (positions.Locate(watcher.Ticket, out var position))
        {
            case TicketPlace.Queued:
                watcher.MoveTo(position, positions.QueueLength);
                break;
            case TicketPlace.Gone:
                watcher.Signal(WatcherSignals.Check);
                break;
        }
    }

    private async Task HeartbeatAsync(PeriodicTimer seconds, CancellationToken stopping)
    {
        using var timer = seconds;
        try
        {
            for (long tick = 0; await timer.WaitForNextTickAsync(stopping); tick++)
            {
                var heartbeatSlot = tick % HeartbeatSlots;
                foreach (var (_, watcher) in _watchers)
                {
                    if (PositionPacing.IsQuietTurn(watcher.HeartbeatSlot, tick) && watcher.Position < watcher.Written)
                    {
                        watcher.Signal(WatcherSignals.Moved);
                    }
                    else if (watcher.HeartbeatSlot == heartbeatSlot)
                    {
                        watcher.Signal(WatcherSignals.Heartbeat);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
