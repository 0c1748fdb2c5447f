using Dapper;
using Grpc.Core;
using Npgsql;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Inventory.Tests;

/// <summary>Many buyers at once on few seats: every seat ends up in at most one live hold, and the counts add up.</summary>
public sealed class ContentionTests(InventoryServiceHost host) : IClassFixture<InventoryServiceHost>
{
    [Fact]
    public async Task Two_hundred_buyers_racing_for_twenty_seats_never_oversell()
    {
        var eventId = await host.CreateEventAsync(rows: 2, seatsPerRow: 10);
        var seatIds = Enumerable.Range(1, 2).SelectMany(r => Enumerable.Range(1, 10).Select(s => InventoryServiceHost.SeatId(r, s))).ToArray();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 200).Select(async buyer =>
        {
            var random = new Random(buyer);
            var request = new HoldSeatsRequest { EventId = eventId, OrderId = $"race-{eventId}-{buyer}" };
            if (buyer % 2 == 0)
            {
                request.SeatIds = new SeatIds { Ids = { random.GetItems(seatIds, random.Next(1, 4)).Distinct() } };
            }
            else
            {
                request.SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = random.Next(1, 4) };
            }

            try
            {
                return await host.Client.HoldSeatsAsync(request);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return null;
            }
        }));

        var winners = attempts.OfType<Hold>().ToList();
        var heldByWinners = winners.SelectMany(h => h.Seats.Select(s => s.SeatId)).ToList();
        Assert.NotEmpty(winners);
        Assert.Equal(heldByWinners.Count, heldByWinners.Distinct().Count());

        // Sell half, release the rest; the totals still add up to capacity with no seat in two live holds.
        foreach (var (hold, i) in winners.Select((h, i) => (h, i)))
        {
            if (i % 2 == 0)
            {
                await host.Client.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId });
            }
        }

        var counts = await host.SeatStatusCountsAsync(eventId);
        var availability = (await host.Client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId })).Sections.Single();
        Assert.Equal(20, counts.Values.Sum());
        Assert.Equal(heldByWinners.Count, counts.GetValueOrDefault("HELD") + counts.GetValueOrDefault("SOLD"));
        Assert.Equal(winners.Where((_, i) => i % 2 == 0).Sum(h => h.Seats.Count), counts.GetValueOrDefault("SOLD"));
        Assert.Equal(20, availability.Available + availability.Held + availability.Sold);

        await using var connection = new NpgsqlConnection(host.ConnectionString);
        var seatsInTwoLiveHolds = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM (
                SELECT hs.seat_id FROM hold_seats hs JOIN holds h ON h.hold_id = hs.hold_id
                WHERE h.event_id = @eventId AND h.status IN ('HELD', 'CONFIRMED')
                GROUP BY hs.seat_id HAVING count(*) > 1) doubled
            """, new { eventId });
        Assert.Equal(0, seatsInTwoLiveHolds);
    }

    [Fact]
    public async Task General_admission_sells_exactly_its_capacity()
    {
        var eventId = await host.CreateEventAsync(rows: 1, seatsPerRow: 1, gaCapacity: 60);

        var results = await Task.WhenAll(Enumerable.Range(0, 150).Select(async buyer =>
        {
            try
            {
                var hold = await host.Client.HoldSeatsAsync(new HoldSeatsRequest
                {
                    EventId = eventId, OrderId = $"ga-{eventId}-{buyer}", SectionQuantity = new SectionQuantity { SectionId = "GA", Quantity = 1 },
                });
                await host.Client.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId });
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return false;
            }
        }));

        var ga = (await host.Client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId })).Sections.Single(s => s.SectionId == "GA");
        Assert.Equal(ga.Sold, results.Count(sold => sold));
        Assert.True(ga.Sold <= 60);
        Assert.Equal(60, ga.Sold + ga.Available + ga.Held);
    }
}
