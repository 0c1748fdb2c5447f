using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using TicketBottle.Gateway.Api;

namespace TicketBottle.Browser.Tests;

/// <summary>Steps several journeys share: logging in through the page, and an on-sale set up over the organizer API.</summary>
public static class Pages
{
    public static async Task LogInAsync(IPage page, Customer account, string next = "/")
    {
        await page.GotoAsync($"/login.html?next={Uri.EscapeDataString(next)}");
        await page.FillAsync("#email", account.Email);
        await page.FillAsync("#password", account.Password);
        await page.ClickAsync("#submit");
        await page.WaitForURLAsync(url => !url.Contains("/login.html", StringComparison.Ordinal));
    }

    /// <summary>A published event of the organizer's with a small reserved section F (rows A, B of 4) and standing room.</summary>
    public static async Task<string> PublishedEventAsync(Customer organizer, string name)
    {
        var venue = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/venues",
            new { name = "Nhà hát Lớn Hà Nội", address = "1 Tràng Tiền, Hoàn Kiếm", timeZone = "Asia/Ho_Chi_Minh" });
        var venueId = (await venue.Content.ReadFromJsonAsync<VenueDto>())!.VenueId;
        var now = DateTimeOffset.UtcNow;
        var created = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/events", new CreateEventBody(venueId, name, "Hòa nhạc thính phòng",
            now.AddDays(20), now.AddMinutes(-1), now.AddDays(19),
            [new SectionLayoutBody("F", "Khu F", 400_000, ["A", "B"], 4, null), new SectionLayoutBody("S", "Đứng", 150_000, null, null, 30)], 20, 100, 4));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var eventId = (await created.Content.ReadFromJsonAsync<OrganizerEventDto>())!.EventId;
        Assert.Equal(HttpStatusCode.OK, (await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/publish", null)).StatusCode);
        return eventId;
    }
}
