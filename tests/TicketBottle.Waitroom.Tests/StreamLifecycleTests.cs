using Grpc.Core;
using StackExchange.Redis;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

/// <summary>One stream per customer and event across pods, and no subscription left behind by the last stream.</summary>
public sealed class StreamLifecycleTests(WaitroomServiceHost host) : IClassFixture<WaitroomServiceHost>
{
    [Fact]
    public async Task A_customers_new_stream_on_another_pod_closes_the_old_one()
    {
        var eventId = await host.OpenEventAsync();
        var otherPod = await host.StartPodAsync();
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "ahead" });
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "twice" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var first = host.Client.WatchPosition(new CustomerRef { EventId = eventId, CustomerId = "twice" });
        Assert.True(await first.ResponseStream.MoveNext(timeout.Token));

        using var second = otherPod.Client.WatchPosition(new CustomerRef { EventId = eventId, CustomerId = "twice" });
        Assert.True(await second.ResponseStream.MoveNext(timeout.Token));

        var closed = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await first.ResponseStream.MoveNext(timeout.Token))
            {
                // Heartbeats until the replacement arrives.
            }
        });
        Assert.Equal(StatusCode.Aborted, closed.StatusCode);
        // The newer stream keeps going.
        await host.Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 1 });
        Assert.True(await second.ResponseStream.MoveNext(timeout.Token));
    }

    [Fact]
    public async Task The_last_stream_of_an_event_closing_ends_the_pods_subscription()
    {
        var eventId = await host.OpenEventAsync();
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "only" });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(host.RedisEndpoint);
        var channel = new WaitroomKeys(eventId).Channel;

        using (var stream = host.Client.WatchPosition(new CustomerRef { EventId = eventId, CustomerId = "only" }))
        {
            Assert.True(await stream.ResponseStream.MoveNext());
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
