using System.Net;
using System.Net.Http.Json;
using TicketBottle.Contracts;
using TicketBottle.Gateway.Api;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The organizer's API: an event made, published, paced, paused and watched over HTTP, and only by its organizer.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OrganizerTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_organizer_creates_and_publishes_an_event_that_customers_then_find_and_buy()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Công ty Sự kiện Sen Vàng", Roles.Organizer);
        var created = await CreateEventAsync(organizer, admitPerSecond: 20);
        Assert.Equal("draft", created.Status);
        Assert.Equal(["A", "B"], created.Sections.Single(s => s.SectionId == "F").Rows);
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/events/{created.EventId}")).StatusCode);

        var published = await organizer.Http.PostAsync($"/api/v1/organizer/events/{created.EventId}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await published.Content.ReadFromJsonAsync<OrganizerEventDto>())!.Status);
        var mine = (await organizer.Http.GetFromJsonAsync<OrganizerEventPage>("/api/v1/organizer/events"))!;
        Assert.Equal([created.EventId], mine.Events.Select(e => e.EventId));

        // A customer buys one seat; the live view follows the order from held to sold.
        using var customer = fixture.NewCustomer("Vũ Thị Hoa");
        await customer.SignUpAndLogInAsync();
        var admission = await customer.QueueUntilAdmittedAsync(created.EventId);
        var order = await Customer.OrderFromAsync(await customer.PlaceOrderAsync(created.EventId, admission, "f-1", new { seatIds = new[] { "F-A-3" } }));
        var taken = (await anonymous.GetFromJsonAsync<TakenSeatsDto>($"/api/v1/events/{created.EventId}/seats/taken"))!;
        Assert.Equal(["F-A-3"], taken.SeatIds);
        var holding = await SalesAsync(organizer, created.EventId);
        Assert.Equal((1, 0, 1), (holding.Sections.Single(s => s.SectionId == "F").Held, holding.SeatsSold, holding.Orders["awaiting_payment"]));

        await PaymentProviderSandbox.PayAsync(order.Payment!.CheckoutUrl!);
        await customer.WaitForOrderStateAsync(order.OrderId, "confirmed", PurchaseJourney.SagaTimeout);
        var sold = await SalesAsync(organizer, created.EventId);
        var section = sold.Sections.Single(s => s.SectionId == "F");
        Assert.Equal((0, 1, 7, 250_000L), (section.Held, section.Sold, section.Available, section.RevenueVnd));
        Assert.Equal((250_000L, 1, 0), (sold.RevenueVnd, sold.Orders["paid"], sold.Orders["awaiting_payment"]));
        Assert.Equal(20, sold.Waitroom.AdmitPerSecond);
    }

    [Fact]
    public async Task Pausing_admission_keeps_the_queue_waiting_until_the_organizer_resumes_it()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Nhà hát Hòa Bình", Roles.Organizer);
        var created = await CreateEventAsync(organizer, admitPerSecond: 50);
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{created.EventId}/publish", null);
        var paused = await organizer.Http.PostAsync($"/api/v1/organizer/events/{created.EventId}/admission/pause", null);
        Assert.True((await paused.Content.ReadFromJsonAsync<WaitroomStateDto>())!.Paused);

        using var customer = fixture.NewCustomer("Đặng Minh Quân");
        await customer.SignUpAndLogInAsync();
        Assert.Equal(HttpStatusCode.OK, (await customer.Http.PostAsync($"/api/v1/events/{created.EventId}/waitroom", null)).StatusCode);
        // The admission loop runs every few hundred milliseconds; two seconds of it admit nobody while paused.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var waiting = (await customer.Http.GetFromJsonAsync<QueueStatusDto>($"/api/v1/events/{created.EventId}/waitroom"))!;
        Assert.Equal(("waiting", 0L), (waiting.State, waiting.Position));
        var state = (await SalesAsync(organizer, created.EventId)).Waitroom;
        Assert.Equal((true, 1L, 0L), (state.Paused, state.QueueLength, state.AdmittedNow));

        var resumed = await organizer.Http.PostAsync($"/api/v1/organizer/events/{created.EventId}/admission/resume", null);
        Assert.False((await resumed.Content.ReadFromJsonAsync<WaitroomStateDto>())!.Paused);
        Assert.False(string.IsNullOrEmpty(await customer.QueueUntilAdmittedAsync(created.EventId)));
    }

    [Fact]
    public async Task Pacing_changes_apply_to_a_published_event()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Sân khấu Lan Anh", Roles.Organizer);
        var created = await CreateEventAsync(organizer, admitPerSecond: 5);
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{created.EventId}/publish", null);

        var updated = await organizer.Http.PutAsJsonAsync($"/api/v1/organizer/events/{created.EventId}", new
        {
            name = created.Name, description = "Thêm suất", startsAt = created.StartsAt, saleStartsAt = created.SaleStartsAt,
            saleEndsAt = created.SaleEndsAt, admitPerSecond = 40, maxAdmitted = 300,
        });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var waitroom = (await SalesAsync(organizer, created.EventId)).Waitroom;
        Assert.Equal((40, 300), (waitroom.AdmitPerSecond, waitroom.MaxAdmitted));
    }

    [Fact]
    public async Task Other_organizers_see_404_customers_403_and_bad_events_are_400_naming_the_fields()
    {
        using var owner = await fixture.NewAccountWithRolesAsync("Ban tổ chức A", Roles.Organizer);
        using var other = await fixture.NewAccountWithRolesAsync("Ban tổ chức B", Roles.Organizer);
        using var customer = fixture.NewCustomer("Khách Lạ");
        await customer.SignUpAndLogInAsync();
        var created = await CreateEventAsync(owner, admitPerSecond: 5);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/organizer/events/{created.EventId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/api/v1/organizer/events/{created.EventId}/publish", null)).StatusCode);
        Assert.Empty((await other.Http.GetFromJsonAsync<OrganizerEventPage>("/api/v1/organizer/events"))!.Events);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.GetAsync("/api/v1/organizer/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.Http.GetAsync($"/api/v1/organizer/events/{created.EventId}/sales")).StatusCode);
        using var admin = await fixture.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/organizer/events/{created.EventId}")).StatusCode);

        var now = DateTimeOffset.UtcNow;
        var bad = await owner.Http.PostAsJsonAsync("/api/v1/organizer/events", new
        {
            venueId = "nowhere", name = "", startsAt = now, saleStartsAt = now.AddDays(1), saleEndsAt = now,
            sections = new object[] { new { sectionId = "X", name = "X", priceVnd = -1, rows = new[] { "A" } } }, admitPerSecond = 0,
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Superset(new HashSet<string> { "venueId", "name", "saleEndsAt", "sections[0].priceVnd", "sections[0]", "admitPerSecond" },
            (await Problems.FieldsAsync(bad)).ToHashSet());
        // What only the Event service can judge (a layout's row labels) is a 400 as well.
        var venue = await CreateVenueAsync(owner);
        var badRows = await owner.Http.PostAsJsonAsync("/api/v1/organizer/events", EventBody(venue.VenueId, 5) with
        {
            Sections = [new SectionLayoutBody("F", "Khu F", 250_000, ["A", "A"], 4, null)],
        });
        Assert.Equal(HttpStatusCode.BadRequest, badRows.StatusCode);
    }

    [Fact]
    public async Task Only_admins_grant_roles_and_a_token_carries_them_from_the_next_login()
    {
        using var account = fixture.NewCustomer("Tạ Văn Bình");
        await account.SignUpAndLogInAsync();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await account.Http.PutAsJsonAsync("/api/v1/admin/roles", new { email = account.Email, roles = new[] { "admin" } })).StatusCode);
        using var admin = await fixture.AdminAsync();
        Assert.Equal(HttpStatusCode.BadRequest,
            (await admin.PutAsJsonAsync("/api/v1/admin/roles", new { email = account.Email, roles = new[] { "owner" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PutAsJsonAsync("/api/v1/admin/roles", new { email = "nobody@example.vn", roles = new[] { "staff" } })).StatusCode);

        var granted = await admin.PutAsJsonAsync("/api/v1/admin/roles", new { email = account.Email, roles = new[] { "organizer", "staff" } });
        Assert.Equal(["customer", "organizer", "staff"], (await granted.Content.ReadFromJsonAsync<UserDto>())!.Roles);
        // The token in hand was issued before the grant.
        Assert.Equal(HttpStatusCode.Forbidden, (await account.Http.GetAsync("/api/v1/organizer/events")).StatusCode);
        Assert.Equal(["customer", "organizer", "staff"], (await account.LogInAsync()).User.Roles);
        Assert.Equal(HttpStatusCode.OK, (await account.Http.GetAsync("/api/v1/organizer/events")).StatusCode);
    }

    private static async Task<SalesDto> SalesAsync(Customer organizer, string eventId)
    {
        var response = await organizer.Http.GetAsync($"/api/v1/organizer/events/{eventId}/sales");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SalesDto>())!;
    }

    private static async Task<VenueDto> CreateVenueAsync(Customer organizer)
    {
        var venue = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/venues",
            new { name = "Nhà hát Thành phố", address = "7 Công Trường Lam Sơn, Quận 1", timeZone = "Asia/Ho_Chi_Minh" });
        Assert.Equal(HttpStatusCode.Created, venue.StatusCode);
        return (await venue.Content.ReadFromJsonAsync<VenueDto>())!;
    }

    private static async Task<OrganizerEventDto> CreateEventAsync(Customer organizer, int admitPerSecond)
    {
        var venue = await CreateVenueAsync(organizer);
        var created = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/events", EventBody(venue.VenueId, admitPerSecond));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<OrganizerEventDto>())!;
    }

    private static CreateEventBody EventBody(string venueId, int admitPerSecond)
    {
        var now = DateTimeOffset.UtcNow;
        return new CreateEventBody(venueId, "Hòa nhạc Mùa Đông", "Dàn nhạc giao hưởng", now.AddDays(30), now.AddMinutes(-1), now.AddDays(29),
            [new SectionLayoutBody("F", "Khu F", 250_000, ["A", "B"], 4, null), new SectionLayoutBody("S", "Đứng", 100_000, null, null, 20)],
            admitPerSecond, 100, 4);
    }
}
