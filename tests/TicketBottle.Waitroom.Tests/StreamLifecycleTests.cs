using Grpc.Core;
using StackExchange.Redis;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

/// <summary>One live stream per customer and event across edges and pods, and no subscription left behind by the last feed.</summary>
public sealed class StreamLifecycleTests(WaitroomServiceHost host) : IClassFixture<WaitroomServiceHost>
{
    [Fact]
    public async Task A_stream_opened_through_another_pod_is_announced_on_every_pods_feed()
    {
        var eventId = await host.OpenEventAsync();
        var otherPod = await host.StartPodAsync();
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "ahead" });
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "twice" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var feed = host.Client.WatchQueue(new WatchQueueRequest { EventId = eventId });
        await QueueFeed.NextSnapshotAsync(feed, timeout.Token);

        var opened = await otherPod.Client.OpenStreamAsync(new OpenStreamRequest { EventId = eventId, CustomerId = "twice", StreamId = "second" });

        Assert.Equal((QueueState.Waiting, 1L), (opened.State, opened.Position));
        var notice = await QueueFeed.NextAsync(feed, QueueFeedMessage.KindOneofCase.StreamOpened, timeout.Token);
        Assert.Equal(("twice", "second"), (notice.StreamOpened.CustomerId, notice.StreamOpened.StreamId));
        var notQueued = await Assert.ThrowsAsync<RpcException>(() => host.Client.OpenStreamAsync(
            new OpenStreamRequest { EventId = eventId, CustomerId = "stranger", StreamId = "s" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notQueued.StatusCode);
    }

    [Fact]
    public async Task The_last_feed_of_an_event_closing_ends_the_pods_subscription()
    {
        var eventId = await host.OpenEventAsync();
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "only" });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(host.RedisEndpoint);
        var channel = new WaitroomKeys(eventId).Channel;

        using (var first = host.Client.WatchQueue(new WatchQueueRequest { EventId = eventId }))
        using (var second = host.Client.WatchQueue(new WatchQueueRequest { EventId = eventId }))
        {
            Assert.True(await first.ResponseStream.MoveNext());
            Assert.True(await second.ResponseStream.MoveNext());
            Assert.Equal(1, await SubscribersAsync(redis, channel));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await SubscribersAsync(redis, channel) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, await SubscribersAsync(redis, channel));
    }

    private static async Task<long> SubscribersAsync(ConnectionMultiplexer redis, RedisChannel channel)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel.ToString()))!;
        return (long)reply[1];
    }
}
