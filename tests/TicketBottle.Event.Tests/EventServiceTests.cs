using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Event.Tests;

public sealed class EventServiceTests(EventServiceFixture fixture) : IClassFixture<EventServiceFixture>
{
    private async Task<Venue> VenueAsync() => await fixture.Events.CreateVenueAsync(new CreateVenueRequest
    {
        Name = "Nhà hát Lớn Hà Nội", Address = "1 Tràng Tiền, Hoàn Kiếm", TimeZone = "Asia/Ho_Chi_Minh",
    });

    private static CreateEventRequest Concert(string venueId, int daysAhead = 30)
    {
        var startsAt = DateTimeOffset.UtcNow.AddDays(daysAhead);
        return new CreateEventRequest
        {
            VenueId = venueId, Name = "Đêm nhạc Hà Nội Mùa Thu", Description = "Live",
            StartsAt = Timestamp.FromDateTimeOffset(startsAt),
            SaleStartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
            SaleEndsAt = Timestamp.FromDateTimeOffset(startsAt.AddHours(-2)),
            Sections =
            {
                new SectionLayout { SectionId = "A", Name = "Khu A", PriceVnd = 1_500_000, Rows = { "1", "2", "3" }, SeatsPerRow = 4 },
                new SectionLayout { SectionId = "GA", Name = "Đứng", PriceVnd = 500_000, GaCapacity = 50 },
            },
            AdmitPerSecond = 20, MaxAdmitted = 100,
        };
    }

    [Fact]
    public async Task Publishing_feeds_the_seat_map_to_inventory_and_opens_the_waitroom()
    {
        var venue = await VenueAsync();
        var draft = await fixture.Events.CreateEventAsync(Concert(venue.VenueId));

        var published = await fixture.Events.PublishEventAsync(new EventRef { EventId = draft.EventId });
        var again = await fixture.Events.PublishEventAsync(new EventRef { EventId = draft.EventId });

        Assert.Equal(EventStatus.Draft, draft.Status);
        Assert.Equal(EventStatus.Published, published.Status);
        Assert.Equal(EventStatus.Published, again.Status);
        Assert.Equal([12, 50], published.Sections.Select(s => s.Capacity));
        var availability = await fixture.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = draft.EventId });
        Assert.Equal([("A", 12), ("GA", 50)], availability.Sections.Select(s => (s.SectionId, s.Available)));
        // The same seat ids the Event service describes are the ones Inventory sells.
        var hold = await fixture.Inventory.HoldSeatsAsync(new HoldSeatsRequest
        {
            EventId = draft.EventId, OrderId = $"o-{Guid.NewGuid():N}", SeatIds = new SeatIds { Ids = { "A-2-3" } },
        });
        Assert.Equal(("Khu A", "2", 3), (hold.Seats[0].SectionName, hold.Seats[0].Row, hold.Seats[0].Number));
        var joined = await fixture.Waitroom.JoinAsync(new JoinRequest { EventId = draft.EventId, CustomerId = "fan-1" });
        Assert.Equal(QueueState.Waiting, joined.State);
    }

    [Fact]
    public async Task Customers_list_only_published_upcoming_events_page_by_page()
    {
        var venue = await VenueAsync();
        var published = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await fixture.Events.CreateEventAsync(Concert(venue.VenueId, daysAhead: 200 + i));
            await fixture.Events.PublishEventAsync(new EventRef { EventId = created.EventId });
            published.Add(created.EventId);
        }

        var draftOnly = await fixture.Events.CreateEventAsync(Concert(venue.VenueId, daysAhead: 201));
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await fixture.Events.ListEventsAsync(new ListEventsRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Events.Select(e => e.EventId));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(published, seen.Where(published.Contains));
        Assert.DoesNotContain(draftOnly.EventId, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Update_changes_the_details_and_moves_the_sale_window()
    {
        var venue = await VenueAsync();
        var created = await fixture.Events.CreateEventAsync(Concert(venue.VenueId));
        await fixture.Events.PublishEventAsync(new EventRef { EventId = created.EventId });
        var laterSale = DateTimeOffset.UtcNow.AddDays(1);

        var updated = await fixture.Events.UpdateEventAsync(new UpdateEventRequest
        {
            EventId = created.EventId, Name = "Đêm nhạc (thêm suất)", Description = "Extra show",
            StartsAt = created.StartsAt, SaleStartsAt = Timestamp.FromDateTimeOffset(laterSale), SaleEndsAt = created.SaleEndsAt,
        });
        await fixture.Waitroom.JoinAsync(new JoinRequest { EventId = created.EventId, CustomerId = "early" });
        var notYet = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Waitroom.AdmitNextAsync(new AdmitNextRequest { EventId = created.EventId, N = 1 }).ResponseAsync);

        Assert.Equal("Đêm nhạc (thêm suất)", updated.Name);
        Assert.Equal(StatusCode.FailedPrecondition, notYet.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_clear_statuses()
    {
        var venue = await VenueAsync();
        async Task<StatusCode> Code(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;
        var backwards = Concert(venue.VenueId);
        backwards.SaleEndsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(60));
        var bothLayouts = Concert(venue.VenueId);
        bothLayouts.Sections[1].SeatsPerRow = 10;
        var duplicateSections = Concert(venue.VenueId);
        duplicateSections.Sections[1].SectionId = "A";

        Assert.Equal(StatusCode.NotFound, await Code(() => fixture.Events.CreateEventAsync(Concert(Guid.NewGuid().ToString())).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => fixture.Events.CreateEventAsync(backwards).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => fixture.Events.CreateEventAsync(bothLayouts).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => fixture.Events.CreateEventAsync(duplicateSections).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => fixture.Events.CreateVenueAsync(
            new CreateVenueRequest { Name = "X", TimeZone = "Mars/Olympus" }).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await Code(() => fixture.Events.PublishEventAsync(new EventRef { EventId = "evt-none" }).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Code(() => fixture.Events.ListEventsAsync(new ListEventsRequest { PageToken = "garbage!" }).ResponseAsync));
    }

    [Theory]
    [InlineData("99999999999999999999999|evt-1")] // ticks past long: once a 500
    [InlineData("3155378976000000001|evt-1")]     // a long, but past DateTime.MaxValue
    [InlineData("-5|evt-1")]
    [InlineData("123")]
    public async Task A_page_token_this_service_did_not_issue_is_invalid_argument(string decoded)
    {
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(decoded));

        var refused = await Assert.ThrowsAsync<RpcException>(() => fixture.Events.ListEventsAsync(new ListEventsRequest { PageToken = token }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }
}
