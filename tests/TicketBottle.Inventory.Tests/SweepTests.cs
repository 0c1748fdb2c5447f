using Grpc.Core;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Inventory.Tests;

/// <summary>Own database and clock: moving time here must not expire other classes' holds.</summary>
public sealed class SweepTests(InventoryServiceHost host) : IClassFixture<InventoryServiceHost>
{
    [Fact]
    public async Task Two_concurrent_sweepers_release_each_expired_hold_exactly_once()
    {
        var eventId = await host.CreateEventAsync(rows: 10, seatsPerRow: 10);
        var expiring = new List<Hold>();
        for (var i = 0; i < 45; i++)
        {
            expiring.Add(await host.Client.HoldSeatsAsync(new HoldSeatsRequest
            {
                EventId = eventId, OrderId = $"sweep-{i}", SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = 2 }, TtlSeconds = 30,
            }));
        }

        var live = await host.Client.HoldSeatsAsync(new HoldSeatsRequest
        {
            EventId = eventId, OrderId = "sweep-live", SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = 4 }, TtlSeconds = 600,
        });
        host.Clock.Advance(TimeSpan.FromSeconds(31));

        var sweepers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var (holds, seats) = (0, 0);
            while (true)
            {
                var batch = await host.Client.ReleaseExpiredHoldsAsync(new ReleaseExpiredHoldsRequest { BatchSize = 4 });
                if (batch.HoldsReleased == 0)
                {
                    return (holds, seats);
                }

                (holds, seats) = (holds + batch.HoldsReleased, seats + batch.SeatsReleased);
            }
        }));

        Assert.Equal(45, sweepers.Sum(s => s.holds));
        Assert.Equal(90, sweepers.Sum(s => s.seats));
        Assert.Equal(45, await host.ScalarAsync<long>("SELECT count(*) FROM holds WHERE event_id = @eventId AND status = 'EXPIRED'", new { eventId }));
        Assert.Equal(HoldStatus.Held, (await host.Client.GetHoldAsync(new HoldRef { HoldId = live.HoldId })).Status);
        var counts = await host.SeatStatusCountsAsync(eventId);
        Assert.Equal(4, counts["HELD"]);
        Assert.Equal(96, counts["AVAILABLE"]);
        var again = await host.Client.ReleaseExpiredHoldsAsync(new ReleaseExpiredHoldsRequest { BatchSize = 100 });
        Assert.Equal(0, again.HoldsReleased);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Sweep_batch_size_is_bounded(int batchSize)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ReleaseExpiredHoldsAsync(new ReleaseExpiredHoldsRequest { BatchSize = batchSize }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
