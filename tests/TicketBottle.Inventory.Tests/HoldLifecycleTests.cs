using Grpc.Core;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Inventory.Tests;

public sealed class HoldLifecycleTests(InventoryServiceHost host) : IClassFixture<InventoryServiceHost>
{
    private InventoryService.InventoryServiceClient Client => host.Client;

    private static HoldSeatsRequest Named(string eventId, string orderId, params string[] seatIds) =>
        new() { EventId = eventId, OrderId = orderId, SeatIds = new SeatIds { Ids = { seatIds } } };

    /// <summary>A hold of seats 1 and 2 of the row that outlived its 60 s, and a newer hold that took seat 1 meanwhile.</summary>
    private async Task<(string EventId, Hold Stale, Hold Taker)> LapsedHoldWithItsFirstSeatRetakenAsync(int row)
    {
        var eventId = await host.CreateEventAsync();
        var stale = await Client.HoldSeatsAsync(new HoldSeatsRequest
        {
            EventId = eventId, OrderId = $"order-{Guid.NewGuid():N}", SeatIds = new SeatIds { Ids = { $"A-{row}-1", $"A-{row}-2" } }, TtlSeconds = 60,
        });
        host.Clock.Advance(TimeSpan.FromSeconds(61));
        var taker = await Client.HoldSeatsAsync(Named(eventId, $"order-{Guid.NewGuid():N}", $"A-{row}-1"));
        return (eventId, stale, taker);
    }

    [Fact]
    public async Task Seat_map_upsert_is_idempotent_and_general_admission_gets_its_capacity()
    {
        var eventId = await host.CreateEventAsync(rows: 2, seatsPerRow: 5, gaCapacity: 40);

        var again = await Client.UpsertSeatMapAsync(new UpsertSeatMapRequest
        {
            EventId = eventId,
            Sections = { new SectionMap { SectionId = "GA", Name = "Đứng", PriceVnd = 500_000, GaCapacity = 40 } },
        });
        var availability = await Client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId });

        Assert.Equal(0, again.SeatsAdded);
        Assert.Equal(50, again.TotalSeats);
        Assert.Collection(availability.Sections.OrderBy(s => s.SectionId),
            a => Assert.Equal((10, 10), (a.Capacity, a.Available)),
            ga => Assert.Equal((40, 40, "Đứng"), (ga.Capacity, ga.Available, ga.Name)));
    }

    [Fact]
    public async Task Twenty_five_seats_are_held_in_one_call_and_sold_on_confirm()
    {
        var eventId = await host.CreateEventAsync(rows: 5, seatsPerRow: 10);
        var seats = Enumerable.Range(1, 25).Select(i => InventoryServiceHost.SeatId((i - 1) / 10 + 1, (i - 1) % 10 + 1)).ToArray();

        var hold = await Client.HoldSeatsAsync(Named(eventId, "order-25", seats));
        var held = await Client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId });
        var confirmed = await Client.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId });
        var confirmedAgain = await Client.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId });

        Assert.Equal(25, hold.Seats.Count);
        Assert.Equal(25 * 1_200_000L, hold.TotalVnd);
        Assert.Equal(25, held.Sections.Single().Held);
        Assert.Equal(HoldStatus.Confirmed, confirmed.Status);
        Assert.Equal(HoldStatus.Confirmed, confirmedAgain.Status);
        Assert.Equal(25, await host.ScalarAsync<long>("SELECT count(*) FROM seats WHERE event_id = @eventId AND status = 'SOLD'", new { eventId }));
    }

    [Fact]
    public async Task Every_answer_about_a_hold_names_each_seat_with_its_own_events_section_and_price()
    {
        // Two events with the same section and seat ids but other names and prices: the seats' details are looked up
        // per seat, and must come from the hold's own event and section.
        var eventId = await host.CreateEventAsync(rows: 1, seatsPerRow: 5, gaCapacity: 10);
        var otherEventId = $"evt-{Guid.NewGuid():N}";
        await Client.UpsertSeatMapAsync(new UpsertSeatMapRequest
        {
            EventId = otherEventId,
            Sections = { new SectionMap { SectionId = "A", Name = "Khu A (balcony)", PriceVnd = 900_000, Seats = { new SeatMapSeat { SeatId = "A-1-1", Row = "1", Number = 1 } } } },
        });
        var named = await Client.HoldSeatsAsync(Named(eventId, "order-named", "A-1-2", "A-1-1"));
        var standing = await Client.HoldSeatsAsync(new HoldSeatsRequest
        {
            EventId = eventId, OrderId = "order-standing", SectionQuantity = new SectionQuantity { SectionId = "GA", Quantity = 2 },
        });

        var answers = new[]
        {
            named, await Client.GetHoldAsync(new HoldRef { HoldId = named.HoldId }), await Client.ConfirmHoldAsync(new HoldRef { HoldId = named.HoldId }),
            standing, await Client.ReleaseHoldAsync(new HoldRef { HoldId = standing.HoldId }),
        };

        Assert.All(answers.Take(3), hold => Assert.Equal(
            [("A-1-1", "A", "Khu A", "1", 1, 1_200_000L), ("A-1-2", "A", "Khu A", "1", 2, 1_200_000L)],
            hold.Seats.Select(s => (s.SeatId, s.SectionId, s.SectionName, s.Row, s.Number, s.PriceVnd))));
        Assert.All(answers.Skip(3), hold => Assert.All(hold.Seats, s => Assert.Equal(("GA", "Đứng", 500_000L), (s.SectionId, s.SectionName, s.PriceVnd))));
        Assert.All(answers.Skip(3), hold => Assert.Equal(2, hold.Seats.Count));
        Assert.Equal(2 * 1_200_000L, named.TotalVnd);
        Assert.Equal(2 * 500_000L, standing.TotalVnd);
    }

    [Fact]
    public async Task Holding_again_for_the_same_order_returns_the_same_hold()
    {
        var eventId = await host.CreateEventAsync();

        var holds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Client.HoldSeatsAsync(new HoldSeatsRequest
            {
                EventId = eventId, OrderId = "order-retry", SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = 3 },
            }).ResponseAsync));

        Assert.Single(holds.Select(h => h.HoldId).Distinct());
        Assert.Equal(3, (await host.SeatStatusCountsAsync(eventId))["HELD"]);
    }

    [Fact]
    public async Task A_hold_is_all_or_nothing()
    {
        var eventId = await host.CreateEventAsync();
        await Client.HoldSeatsAsync(Named(eventId, "order-first", "A-1-2"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.HoldSeatsAsync(Named(eventId, "order-second", "A-1-1", "A-1-2", "A-1-3")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("A-1-2", error.Status.Detail);
        Assert.Equal(1, (await host.SeatStatusCountsAsync(eventId))["HELD"]);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM holds WHERE order_id = 'order-second'", new { }));
    }

    [Fact]
    public async Task Release_frees_the_seats_and_is_harmless_twice_but_sold_seats_stay_sold()
    {
        var eventId = await host.CreateEventAsync();
        var released = await Client.HoldSeatsAsync(Named(eventId, "order-rel", "A-2-1", "A-2-2"));
        var sold = await Client.HoldSeatsAsync(Named(eventId, "order-sold", "A-3-1"));
        await Client.ConfirmHoldAsync(new HoldRef { HoldId = sold.HoldId });

        var first = await Client.ReleaseHoldAsync(new HoldRef { HoldId = released.HoldId });
        var second = await Client.ReleaseHoldAsync(new HoldRef { HoldId = released.HoldId });
        var unsell = await Assert.ThrowsAsync<RpcException>(() => Client.ReleaseHoldAsync(new HoldRef { HoldId = sold.HoldId }).ResponseAsync);
        var confirmReleased = await Assert.ThrowsAsync<RpcException>(() => Client.ConfirmHoldAsync(new HoldRef { HoldId = released.HoldId }).ResponseAsync);

        Assert.Equal(HoldStatus.Released, first.Status);
        Assert.Equal(HoldStatus.Released, second.Status);
        Assert.Equal(2, first.Seats.Count);
        Assert.Equal(StatusCode.FailedPrecondition, unsell.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, confirmReleased.StatusCode);
        var counts = await host.SeatStatusCountsAsync(eventId);
        Assert.Equal(1, counts["SOLD"]);
        Assert.False(counts.ContainsKey("HELD"));
    }

    [Fact]
    public async Task Releasing_a_lapsed_hold_frees_only_the_seats_it_still_has()
    {
        var (eventId, stale, taker) = await LapsedHoldWithItsFirstSeatRetakenAsync(row: 5);

        var released = await Client.ReleaseHoldAsync(new HoldRef { HoldId = stale.HoldId });

        Assert.Equal(HoldStatus.Released, released.Status);
        Assert.Equal(["A-5-1", "A-5-2"], released.Seats.Select(s => s.SeatId));
        Assert.Equal(taker.HoldId, (await host.ScalarAsync<Guid>("SELECT hold_id FROM seats WHERE event_id = @eventId AND seat_id = 'A-5-1'", new { eventId })).ToString());
        Assert.Equal("AVAILABLE", await host.ScalarAsync<string>("SELECT status FROM seats WHERE event_id = @eventId AND seat_id = 'A-5-2'", new { eventId }));
        Assert.Equal("A-5-1", Assert.Single((await Client.ConfirmHoldAsync(new HoldRef { HoldId = taker.HoldId })).Seats).SeatId);
    }

    [Fact]
    public async Task A_hold_released_and_confirmed_at_once_ends_one_way_with_all_its_seats()
    {
        var eventId = await host.CreateEventAsync();
        var holds = new List<Hold>();
        for (var row = 1; row <= 5; row++)
        {
            holds.Add(await Client.HoldSeatsAsync(Named(eventId, $"order-race-{row}", InventoryServiceHost.SeatId(row, 1), InventoryServiceHost.SeatId(row, 2))));
        }

        var outcomes = await Task.WhenAll(holds.Select(async hold =>
        {
            var confirm = Succeeds(Client.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId }).ResponseAsync);
            var release = Succeeds(Client.ReleaseHoldAsync(new HoldRef { HoldId = hold.HoldId }).ResponseAsync);
            return (Confirmed: await confirm, Released: await release, hold.HoldId);
        }));

        foreach (var (confirmed, released, holdId) in outcomes)
        {
            Assert.True(confirmed != released, $"hold {holdId}: exactly one of confirm and release wins");
            var seats = await host.ScalarAsync<string>(
                "SELECT string_agg(DISTINCT status, ',') FROM seats JOIN hold_seats USING (event_id, seat_id) WHERE hold_seats.hold_id = @holdId",
                new { holdId = Guid.Parse(holdId) });
            Assert.Equal(confirmed ? "SOLD" : "AVAILABLE", seats);
        }

        // The loser is told the hold went the other way, nothing else.
        static async Task<bool> Succeeds(Task<Hold> call)
        {
            try
            {
                await call;
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task Expired_hold_cannot_be_confirmed_and_its_seats_can_be_taken_before_the_sweep()
    {
        var (eventId, stale, taker) = await LapsedHoldWithItsFirstSeatRetakenAsync(row: 4);

        var late = await Assert.ThrowsAsync<RpcException>(() => Client.ConfirmHoldAsync(new HoldRef { HoldId = stale.HoldId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Contains("expired", late.Status.Detail);
        Assert.Equal(HoldStatus.Expired, (await Client.GetHoldAsync(new HoldRef { HoldId = stale.HoldId })).Status);
        // The expired hold gave back only what it still had; the new hold keeps A-4-1.
        Assert.Equal(HoldStatus.Held, (await Client.GetHoldAsync(new HoldRef { HoldId = taker.HoldId })).Status);
        var confirmed = await Client.ConfirmHoldAsync(new HoldRef { HoldId = taker.HoldId });
        Assert.Equal("A-4-1", Assert.Single(confirmed.Seats).SeatId);
        var counts = await host.SeatStatusCountsAsync(eventId);
        Assert.Equal(1, counts["SOLD"]);
        Assert.False(counts.ContainsKey("HELD"));
    }

    public static TheoryData<HoldSeatsRequest, StatusCode> BadHolds() => new()
    {
        { new HoldSeatsRequest { EventId = "", OrderId = "o", SeatIds = new SeatIds { Ids = { "A-1-1" } } }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "evt-none", OrderId = "o", SeatIds = new SeatIds { Ids = { "A-1-1" } } }, StatusCode.NotFound },
        { new HoldSeatsRequest { EventId = "e", OrderId = "" , SeatIds = new SeatIds { Ids = { "A-1-1" } } }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "e", OrderId = "o" }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "e", OrderId = "o", SeatIds = new SeatIds() }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "e", OrderId = "o", SeatIds = new SeatIds { Ids = { "A-1-1", "A-1-1" } } }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "e", OrderId = "o", SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = 0 } }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "e", OrderId = "o", SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = 31 } }, StatusCode.InvalidArgument },
        { new HoldSeatsRequest { EventId = "e", OrderId = "o", SectionQuantity = new SectionQuantity { SectionId = "A", Quantity = 1 }, TtlSeconds = -1 }, StatusCode.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(BadHolds))]
    public async Task Bad_hold_requests_get_a_clear_status(HoldSeatsRequest request, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.HoldSeatsAsync(request).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_seats_and_sections_of_a_real_event_are_named()
    {
        var eventId = await host.CreateEventAsync();

        var unknownSeat = await Assert.ThrowsAsync<RpcException>(() => Client.HoldSeatsAsync(Named(eventId, "o-u1", "A-1-1", "Z-9-9")).ResponseAsync);
        var unknownSection = await Assert.ThrowsAsync<RpcException>(() => Client.HoldSeatsAsync(new HoldSeatsRequest
        {
            EventId = eventId, OrderId = "o-u2", SectionQuantity = new SectionQuantity { SectionId = "VIP", Quantity = 1 },
        }).ResponseAsync);
        var unknownHold = await Assert.ThrowsAsync<RpcException>(() => Client.ConfirmHoldAsync(new HoldRef { HoldId = Guid.NewGuid().ToString() }).ResponseAsync);
        var badHoldId = await Assert.ThrowsAsync<RpcException>(() => Client.ReleaseHoldAsync(new HoldRef { HoldId = "nope" }).ResponseAsync);
        var unknownEvent = await Assert.ThrowsAsync<RpcException>(() => Client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = "evt-x" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, unknownSeat.StatusCode);
        Assert.Contains("Z-9-9", unknownSeat.Status.Detail);
        Assert.Equal(StatusCode.NotFound, unknownSection.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownHold.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badHoldId.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownEvent.StatusCode);
    }
}
