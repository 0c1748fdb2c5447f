using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

public sealed class QueueTests(WaitroomServiceHost host) : IClassFixture<WaitroomServiceHost>
{
    private WaitroomService.WaitroomServiceClient Client => host.Client;

    [Fact]
    public async Task Queue_is_first_in_first_out_and_joining_twice_keeps_the_place()
    {
        var eventId = await host.OpenEventAsync();
        var joined = new List<QueueStatus>();
        for (var i = 0; i < 6; i++)
        {
            joined.Add(await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"c{i}" }));
        }

        var again = await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "c2" });
        var admitted = await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 3 });
        var fourth = await Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "c3" });

        Assert.Equal([0L, 1, 2, 3, 4, 5], joined.Select(j => j.Position));
        Assert.True(joined.Zip(joined.Skip(1)).All(pair => pair.First.Ticket < pair.Second.Ticket));
        Assert.Equal((joined[2].Ticket, 2L), (again.Ticket, again.Position));
        Assert.Equal(["c0", "c1", "c2"], admitted.AdmittedCustomerIds);
        Assert.Equal(3, admitted.StillWaiting);
        Assert.Equal(0, fourth.Position);
        Assert.Equal(QueueState.Admitted, (await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "c0" })).State);
    }

    [Fact]
    public async Task A_thousand_concurrent_joins_get_a_thousand_distinct_consecutive_positions()
    {
        var eventId = await host.OpenEventAsync();

        var joins = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"fan-{i}" }).ResponseAsync));
        var positions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = $"fan-{i}" }).ResponseAsync));

        Assert.Equal(1000, joins.Select(j => j.Ticket).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 1000).Select(p => (long)p), positions.Select(p => p.Position).Order());
        // Position order is ticket order.
        Assert.Equal(positions.OrderBy(p => p.Ticket).Select(p => p.CustomerId), positions.OrderBy(p => p.Position).Select(p => p.CustomerId));
    }

    [Fact]
    public async Task Two_admission_loops_never_admit_a_customer_twice_and_skip_nobody()
    {
        var eventId = await host.OpenEventAsync(maxAdmitted: 10_000);
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"buyer-{i}" }).ResponseAsync));
        var secondPod = (await host.StartPodAsync()).Client;

        var loops = await Task.WhenAll(new[] { Client, secondPod }.Select(async pod =>
        {
            var admitted = new List<string>();
            while (true)
            {
                var batch = await pod.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 7 });
                if (batch.AdmittedNow == 0)
                {
                    return admitted;
                }

                admitted.AddRange(batch.AdmittedCustomerIds);
            }
        }));

        var all = loops.SelectMany(l => l).ToList();
        Assert.Equal(500, all.Count);
        Assert.Equal(500, all.Distinct().Count());
        Assert.All(loops, l => Assert.NotEmpty(l));
    }

    [Fact]
    public async Task Admissions_never_exceed_the_cap_and_lapse_after_their_ttl()
    {
        var eventId = await host.OpenEventAsync(maxAdmitted: 5, ttlSeconds: 60);
        for (var i = 0; i < 12; i++)
        {
            await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"p{i}" });
        }

        var first = await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 10 });
        var whileFull = await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 10 });
        host.Clock.Advance(TimeSpan.FromSeconds(61));
        var afterLapse = await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 10 });

        Assert.Equal(5, first.AdmittedNow);
        Assert.Equal(0, whileFull.AdmittedNow);
        Assert.Equal(["p5", "p6", "p7", "p8", "p9"], afterLapse.AdmittedCustomerIds);
    }

    [Fact]
    public async Task Inactive_customers_are_purged_and_must_join_again()
    {
        var eventId = await host.OpenEventAsync();
        await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "idle" });
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "active" });

        var purged = await Client.PurgeInactiveAsync(new PurgeInactiveRequest { Limit = 1000 });
        var gone = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "idle" }).ResponseAsync);

        Assert.True(purged.CustomersRemoved >= 1);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, (await Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "active" })).Position);
    }

    [Fact]
    public async Task Presence_reported_by_an_edge_keeps_its_streaming_customers_and_brings_back_nobody()
    {
        var eventId = await host.OpenEventAsync();
        foreach (var customer in new[] { "admitted", "gone-quiet", "streaming" })
        {
            await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = customer });
        }

        await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 1 });
        host.Clock.Advance(TimeSpan.FromMinutes(1.5));
        var presence = new RecordPresenceRequest { EventId = eventId, CustomerIds = { "streaming", "admitted", "never-joined" } };
        await Client.RecordPresenceAsync(presence);
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        await Client.PurgeInactiveAsync(new PurgeInactiveRequest { Limit = 1000 });

        Assert.Equal(0, (await Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "streaming" })).Position);
        Assert.Equal(QueueState.Admitted, (await Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "admitted" })).State);
        foreach (var customer in new[] { "gone-quiet", "never-joined" })
        {
            var gone = await Assert.ThrowsAsync<RpcException>(() =>
                Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = customer }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        }

        var tooMany = new RecordPresenceRequest { EventId = eventId };
        tooMany.CustomerIds.AddRange(Enumerable.Range(0, WaitroomGrpcService.MaxPresencePerCall + 1).Select(i => $"c{i}"));
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => Client.RecordPresenceAsync(tooMany).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Queue_survives_a_pod_restart()
    {
        var eventId = await host.OpenEventAsync();
        var pod = await host.StartPodAsync();
        for (var i = 0; i < 4; i++)
        {
            await pod.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"r{i}" });
        }

        await pod.StopAsync();
        var replacement = (await host.StartPodAsync()).Client;

        var status = await replacement.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "r3" });
        Assert.Equal(3, status.Position);
        Assert.Equal(["r0"], (await replacement.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 1 })).AdmittedCustomerIds);
    }

    [Fact]
    public async Task Unknown_closed_and_not_started_events_and_bad_ids_get_clear_statuses()
    {
        var notStarted = await host.OpenEventAsync(startsIn: TimeSpan.FromHours(1));
        var closed = $"evt-{Guid.NewGuid():N}";
        var now = host.Clock.GetUtcNow();
        await Client.OpenWaitroomAsync(new OpenWaitroomRequest
        {
            EventId = closed, SaleStartsAt = Timestamp.FromDateTimeOffset(now.AddHours(-3)), SaleEndsAt = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            AdmitPerSecond = 10, MaxAdmitted = 10, AdmissionTtlSeconds = 60,
        });
        await Client.JoinAsync(new JoinRequest { EventId = notStarted, CustomerId = "early-bird" });

        async Task<StatusCode> Code(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

        Assert.Equal(StatusCode.NotFound, await Code(() => Client.JoinAsync(new JoinRequest { EventId = "evt-nope", CustomerId = "c" }).ResponseAsync));
        Assert.Equal(StatusCode.FailedPrecondition, await Code(() => Client.JoinAsync(new JoinRequest { EventId = closed, CustomerId = "c" }).ResponseAsync));
        Assert.Equal(StatusCode.FailedPrecondition, await Code(() => Client.AdmitNextAsync(new AdmitNextRequest { EventId = notStarted, N = 1 }).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => Client.JoinAsync(new JoinRequest { EventId = notStarted, CustomerId = "a,b" }).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => Client.AdmitNextAsync(new AdmitNextRequest { EventId = notStarted, N = 0 }).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await Code(() => Client.GetPositionAsync(new CustomerRef { EventId = notStarted, CustomerId = "never-joined" }).ResponseAsync));
    }
}
