using TicketBottle.LocalInfrastructure;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

/// <summary>Own Redis and clock: this pod's loop admits from every open event it finds.</summary>
public sealed class AdmissionLoopTests(WaitroomServiceHost host) : IClassFixture<WaitroomServiceHost>
{
    private const string Last = "q-last";

    [Fact]
    public async Task Two_pods_running_the_loop_together_keep_the_event_rate()
    {
        var eventId = await host.OpenEventAsync(maxAdmitted: 1000, admitPerSecond: 10);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"q{i}" }).ResponseAsync));
        // Joined after the hundred, so it is last whatever order their concurrent joins took: its position counts
        // those still waiting. (Reading one of the hundred instead once read an admitted customer's 0 as "all admitted".)
        await host.Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = Last });
        static void loop(ServiceConfiguration pod) => pod
            .Set<WaitroomOptions>(o => o.AdmissionLoopEnabled, true)
            .Set<WaitroomOptions>(o => o.AdmissionLoopInterval, TimeSpan.FromMilliseconds(100));
        await host.StartPodAsync(loop);
        await host.StartPodAsync(loop);

        // Three simulated seconds in 100 ms ticks. Two pods at 10/s each would admit up to 70; the shared bucket allows
        // one second of burst (10) plus 10 per second (30) = 40 at most. The lower bound only proves the loops ran: on a
        // busy machine a pod can miss ticks (PeriodicTimer coalesces them), which admits fewer, never more.
        for (var tick = 0; tick < 30; tick++)
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(50);
        }

        var waiting = await WaitForQuietAsync(eventId);
        var admitted = 100 - waiting;
        Assert.InRange(admitted, 10, 40);
    }

    private async Task<long> WaitForQuietAsync(string eventId)
    {
        long previous = -1;
        while (true)
        {
            await Task.Delay(200);
            var waiting = (await host.Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = Last })).Position;
            if (waiting == previous)
            {
                return waiting;
            }

            previous = waiting;
        }
    }
}
