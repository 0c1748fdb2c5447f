using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Gateway.Queue;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>A pod's feed of an event's queue (unit tier, the Waitroom faked; the real one: EndToEnd QueueStreamTests).</summary>
public sealed class QueueFeedTests
{
    private readonly FakeWaitroom _waitroom = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly QueueFeeds _feeds;

    public QueueFeedTests() =>
        _feeds = new QueueFeeds(_waitroom, Options.Create(new QueueStreamOptions { HeartbeatInterval = TimeSpan.FromHours(1) }), _clock,
            NullLogger<QueueFeeds>.Instance);

    [Fact]
    public async Task A_hundred_streams_of_one_event_share_one_waitroom_call_which_ends_with_the_last_stream()
    {
        var watchers = Enumerable.Range(0, 100).Select(i => Watch($"c{i}", ticket: i + 1, position: i)).ToList();
        await WaitUntilAsync(() => _waitroom.OpenFeeds == 1);

        // Ten admitted from the front: everyone else moves up ten places.
        await _waitroom.SendAsync(new QueueFeedMessage { Snapshot = new QueueSnapshot { RunStarts = { 11 }, RunLengths = { 90 }, QueueLength = 90, LastTicket = 100 } });

        Assert.True((await NextAsync(watchers[3])).HasFlag(WatcherSignals.Check));
        Assert.True((await NextAsync(watchers[50])).HasFlag(WatcherSignals.Moved));
        Assert.Equal((40L, 90L), (watchers[50].Position, watchers[50].QueueLength));
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        await WaitUntilAsync(() => _waitroom.OpenFeeds == 0);
        Assert.Equal(1, _waitroom.WatchQueueCalls);
    }

    [Fact]
    public async Task A_stream_opened_after_the_feeds_last_snapshot_is_never_moved_back_by_it()
    {
        using var early = Watch("early", ticket: 10, position: 11);
        await WaitUntilAsync(() => _waitroom.OpenFeeds == 1);
        await _waitroom.SendAsync(new QueueFeedMessage { Snapshot = new QueueSnapshot { RunStarts = { 1 }, RunLengths = { 20 }, QueueLength = 20, LastTicket = 20 } });
        Assert.True((await NextAsync(early)).HasFlag(WatcherSignals.Moved));
        Assert.Equal(9, early.Position);

        // Two were admitted since that snapshot: the status this stream opens with already says 12 ahead, not 14.
        using var fresh = Watch("fresh", ticket: 15, position: 12);
        Assert.Equal(12, fresh.Position);
        Assert.Equal(WatcherSignals.None, fresh.TakeSignals());

        // The next snapshot catches up, and moves it on.
        await _waitroom.SendAsync(new QueueFeedMessage { Snapshot = new QueueSnapshot { RunStarts = { 4 }, RunLengths = { 17 }, QueueLength = 17, LastTicket = 20 } });
        Assert.True((await NextAsync(fresh)).HasFlag(WatcherSignals.Moved));
        Assert.Equal(11, fresh.Position);
    }

    [Fact]
    public async Task A_customer_far_back_is_woken_at_once_only_by_a_move_of_a_twentieth_of_the_place()
    {
        using var farBack = Watch("far", ticket: 6_001, position: 6_000);
        await WaitUntilAsync(() => _waitroom.OpenFeeds == 1);

        // Thirty admitted: 5,970 ahead, not worth a write yet.
        await SendQueueFromAsync(firstTicket: 31, lastTicket: 7_000);
        Assert.Equal(WatcherSignals.None, await SignalsOnceAtAsync(farBack, 5_970));

        // Three hundred since the place last written: a twentieth of it.
        await SendQueueFromAsync(firstTicket: 301, lastTicket: 7_000);
        Assert.True((await NextAsync(farBack)).HasFlag(WatcherSignals.Moved));
        farBack.Wrote(farBack.Position);

        // However long since that write, a small move waits for the stream's turn. (The heartbeat's ticks of that
        // minute, nothing held back yet, settle first.)
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(100);
        farBack.TakeSignals();
        await SendQueueFromAsync(firstTicket: 331, lastTicket: 7_000);
        Assert.False((await SignalsOnceAtAsync(farBack, 5_670)).HasFlag(WatcherSignals.Moved));
    }

    [Fact]
    public async Task Each_stream_writes_its_moves_held_back_in_its_own_second_of_the_quiet_limit_so_they_are_spread_over_it()
    {
        var feeds = new QueueFeeds(_waitroom, Options.Create(new QueueStreamOptions { HeartbeatInterval = TimeSpan.FromSeconds(15) }), _clock,
            NullLogger<QueueFeeds>.Instance);
        var farBack = Enumerable.Range(0, 40).Select(i => feeds.Watch("evt-1", $"stream-{i}", new QueueStatus
        {
            EventId = "evt-1", CustomerId = $"far-{i}", State = QueueState.Waiting, Ticket = 6_001 + i, Position = 6_000 + i, QueueLength = 7_000,
        })).ToList();
        // Opened with the place the next snapshot gives it: nothing held back.
        using var current = feeds.Watch("evt-1", "stream-current", new QueueStatus
        {
            EventId = "evt-1", CustomerId = "current", State = QueueState.Waiting, Ticket = 6_100, Position = 6_069, QueueLength = 7_000,
        });
        await WaitUntilAsync(() => _waitroom.OpenFeeds == 1);
        await SendQueueFromAsync(firstTicket: 31, lastTicket: 7_000);
        await WaitUntilAsync(() => farBack.All(w => w.Position == w.Ticket - 31));
        var signals = farBack.ToDictionary(w => w, _ => WatcherSignals.None);
        var movedAt = new Dictionary<QueueWatcher, long>();

        for (long tick = 0; tick < 5; tick++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            var turn = farBack.Where(w => PositionPacing.IsQuietTurn(w.HeartbeatSlot, tick)).ToList();
            await WaitUntilAsync(() =>
            {
                foreach (var watcher in farBack)
                {
                    signals[watcher] |= watcher.TakeSignals();
                }

                return turn.All(w => signals[w].HasFlag(WatcherSignals.Moved));
            });
            foreach (var watcher in turn)
            {
                Assert.False(movedAt.ContainsKey(watcher), "written twice within the quiet limit");
                movedAt[watcher] = tick;
                watcher.Wrote(watcher.Position);
                signals[watcher] = WatcherSignals.None;
            }

            // Streams whose turn it is not were not told the move.
            Assert.DoesNotContain(farBack.Except(turn), w => signals[w].HasFlag(WatcherSignals.Moved));
        }

        Assert.Equal(farBack.Count, movedAt.Count);
        Assert.False(current.TakeSignals().HasFlag(WatcherSignals.Moved));
        foreach (var watcher in farBack)
        {
            watcher.Dispose();
        }
    }

    [Fact]
    public async Task Notices_reach_only_the_streams_they_name()
    {
        using var admitted = Watch("admitted", ticket: 1, position: 0);
        using var waiting = Watch("waiting", ticket: 2, position: 1);
        using var older = Watch("twice", ticket: 3, position: 2);
        await WaitUntilAsync(() => _waitroom.OpenFeeds == 1);

        await _waitroom.SendAsync(new QueueFeedMessage { Admitted = new CustomersAdmitted { CustomerIds = { "admitted" } } });
        await _waitroom.SendAsync(new QueueFeedMessage { StreamOpened = new StreamOpened { CustomerId = "twice", StreamId = "elsewhere" } });
        await _waitroom.SendAsync(new QueueFeedMessage { StreamOpened = new StreamOpened { CustomerId = "waiting", StreamId = waiting.StreamId } });

        Assert.True((await NextAsync(admitted)).HasFlag(WatcherSignals.Check));
        Assert.True((await NextAsync(older)).HasFlag(WatcherSignals.Replaced));
        // Its own announcement does not end a stream.
        Assert.False((await SignalsWithinAsync(waiting, TimeSpan.FromMilliseconds(300))).HasFlag(WatcherSignals.Replaced));
    }

    [Fact]
    public async Task A_customers_second_stream_on_the_same_pod_ends_the_first_at_once()
    {
        using var first = Watch("twice", ticket: 1, position: 0);
        using var second = Watch("twice", ticket: 1, position: 0);

        Assert.True((await NextAsync(first)).HasFlag(WatcherSignals.Replaced));
        Assert.Equal(["twice"], _feeds.Watching().Single().CustomerIds);
        await WaitUntilAsync(() => _waitroom.OpenFeeds == 1);
    }

    /// <summary>Everyone from <paramref name="firstTicket"/> on is queued (those before were admitted).</summary>
    private ValueTask SendQueueFromAsync(long firstTicket, long lastTicket) => _waitroom.SendAsync(new QueueFeedMessage
    {
        Snapshot = new QueueSnapshot { RunStarts = { firstTicket }, RunLengths = { lastTicket - firstTicket + 1 }, QueueLength = lastTicket - firstTicket + 1, LastTicket = lastTicket },
    });

    private QueueWatcher Watch(string customerId, long ticket, long position) =>
        _feeds.Watch("evt-1", Guid.NewGuid().ToString("N"), new QueueStatus
        {
            EventId = "evt-1", CustomerId = customerId, State = QueueState.Waiting, Ticket = ticket, Position = position, QueueLength = 100,
        });

    private static async Task<WatcherSignals> NextAsync(QueueWatcher watcher)
    {
        await watcher.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return watcher.TakeSignals();
    }

    /// <summary>The signals a watcher has once it reached <paramref name="position"/> (its signal follows the move at once).</summary>
    private static async Task<WatcherSignals> SignalsOnceAtAsync(QueueWatcher watcher, long position)
    {
        await WaitUntilAsync(() => watcher.Position == position);
        await Task.Delay(50);
        return watcher.TakeSignals();
    }

    private static async Task<WatcherSignals> SignalsWithinAsync(QueueWatcher watcher, TimeSpan wait)
    {
        try
        {
            await watcher.WaitAsync().AsTask().WaitAsync(wait);
            return watcher.TakeSignals();
        }
        catch (TimeoutException)
        {
            return WatcherSignals.None;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
