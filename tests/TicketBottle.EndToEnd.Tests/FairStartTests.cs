using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using TicketBottle.Contracts;
using TicketBottle.Gateway.Api;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>A fair start: joining early wins nothing but an entry in a draw that anyone can recompute from what is published.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FairStartTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Early_joiners_are_placed_by_a_committed_draw_that_anyone_can_recompute_and_later_joiners_queue_behind()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Ban tổ chức Bốc thăm", Roles.Organizer);
        var venue = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/venues", new { name = "Sân vận động Mỹ Đình", timeZone = "Asia/Ho_Chi_Minh" });
        var venueId = (await venue.Content.ReadFromJsonAsync<VenueDto>())!.VenueId;
        var opening = DateTimeOffset.UtcNow.AddSeconds(5);
        var created = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/events", new CreateEventBody(venueId, "Đại nhạc hội", null,
            opening.AddDays(10), opening, opening.AddDays(9), [new SectionLayoutBody("S", "Đứng", 300_000, null, null, 100)], 50, 100, 4, "draw"));
        var eventId = (await created.Content.ReadFromJsonAsync<OrganizerEventDto>())!.EventId;
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/publish", null);
        // Paused, so the drawn places can be looked at before anyone is admitted (the draw itself does not wait).
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/admission/pause", null);
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };

        var early = new List<(Customer Customer, long Entry)>();
        foreach (var name in new[] { "Bot Nhanh Nhất", "Ngô Thị Lan", "Phạm Văn Đức", "Hà Thị Mai", "Vương Minh Khôi" })
        {
            var customer = fixture.NewCustomer(name);
            await customer.SignUpAndLogInAsync();
            var joined = (await (await customer.Http.PostAsync($"/api/v1/events/{eventId}/waitroom", null)).Content.ReadFromJsonAsync<QueueStatusDto>())!;
            Assert.Equal("awaiting_draw", joined.State);
            early.Add((customer, joined.DrawEntry!.Value));
        }

        Assert.Equal([1L, 2, 3, 4, 5], early.Select(e => e.Entry));
        var before = (await anonymous.GetFromJsonAsync<DrawDto>($"/api/v1/events/{eventId}/draw"))!;
        Assert.Matches("^[0-9a-f]{64}$", before.Commitment);
        Assert.Equal((null, null, 0), (before.Seed, before.DrawnAt, before.DrawnOrder.Count));
        // Before the draw a stream has nothing to follow: it says so and asks to come back after the opening.
        var stream = await StreamTextAsync(early[0].Customer, eventId);
        Assert.Contains("event: draw", stream);
        Assert.Matches(@"retry: \d+", stream);

        var after = await DrawnAsync(anonymous, eventId);

        // Anyone can check it: the seed matches what was committed before, and the order follows from the seed alone.
        Assert.Equal(before.Commitment, Hex(after.Seed!));
        var recomputed = early.Select(e => e.Entry).OrderBy(e => Hex($"{after.Seed}:{e.ToString(CultureInfo.InvariantCulture)}"), StringComparer.Ordinal);
        Assert.Equal(recomputed, after.DrawnOrder);
        foreach (var (customer, entry) in early)
        {
            var place = (await customer.Http.GetFromJsonAsync<QueueStatusDto>($"/api/v1/events/{eventId}/waitroom"))!;
            Assert.Equal(("waiting", (long)after.DrawnOrder.ToList().IndexOf(entry)), (place.State, place.Position));
        }

        using var late = fixture.NewCustomer("Đến Sau");
        await late.SignUpAndLogInAsync();
        var lateJoin = (await (await late.Http.PostAsync($"/api/v1/events/{eventId}/waitroom", null)).Content.ReadFromJsonAsync<QueueStatusDto>())!;
        Assert.Equal(("waiting", 5L), (lateJoin.State, lateJoin.Position));
        foreach (var (customer, _) in early)
        {
            customer.Dispose();
        }
    }

    [Fact]
    public async Task An_unknown_fair_start_mode_is_a_400_and_arrival_order_events_have_no_draw()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Ban tổ chức Thường", Roles.Organizer);
        var now = DateTimeOffset.UtcNow;
        var bad = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/events", new CreateEventBody(Guid.NewGuid().ToString(), "X", null,
            now.AddDays(2), now, now.AddDays(1), [new SectionLayoutBody("S", "Đứng", 1, null, null, 1)], null, null, null, "fastest-bot"));
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("fairStart", await Problems.FieldsAsync(bad));
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.GetAsync($"/api/v1/events/{fixture.EventId}/draw")).StatusCode);
    }

    private static async Task<DrawDto> DrawnAsync(HttpClient client, string eventId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var draw = (await client.GetFromJsonAsync<DrawDto>($"/api/v1/events/{eventId}/draw"))!;
            if (draw.DrawnAt is not null || DateTimeOffset.UtcNow > deadline)
            {
                Assert.NotNull(draw.DrawnAt);
                return draw;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<string> StreamTextAsync(Customer customer, string eventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/waitroom/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await customer.Http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
