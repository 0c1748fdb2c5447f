using System.Net.Http.Json;
using Microsoft.Playwright;
using TicketBottle.Contracts;
using TicketBottle.Gateway.Api;

namespace TicketBottle.Browser.Tests;

/// <summary>A customer in a phone browser: events → seat map → waiting room (kept across a reload) → checkout → order → PDF → my orders.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StorefrontJourneyTests(PlatformFixture fixture, BrowserFixture browser)
{
    [Fact]
    public async Task A_customer_picks_seats_on_the_map_waits_in_line_through_a_reload_pays_downloads_the_tickets_and_finds_the_order()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Nhà hát Lớn", Roles.Organizer);
        var eventName = $"Hòa nhạc Mùa Thu {Guid.NewGuid().ToString()[..4]}";
        var eventId = await Pages.PublishedEventAsync(organizer, eventName);
        // Admission paused: the customer meets the waiting room, as at the opening of a busy on-sale.
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/admission/pause", null);
        using var customer = fixture.NewCustomer("Nguyễn Thị Thu");
        await customer.SignUpAndLogInAsync();
        var page = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "vi-VN");

        await Pages.LogInAsync(page, customer);
        await page.GetByText(eventName).ClickAsync();
        await page.WaitForSelectorAsync("rect[data-seat='F-A-2']");
        await Assertions.Expect(page.Locator("#seatmap rect.seat")).ToHaveCountAsync(8);
        await page.ClickAsync("rect[data-seat='F-A-2']");
        await page.ClickAsync("rect[data-seat='F-A-3']");
        await Assertions.Expect(page.Locator("#selected")).ToHaveTextAsync("F-A-2, F-A-3");
        await BrowserFixture.ScreenshotAsync(page, "storefront-seat-map");
        await page.ClickAsync("#buy");
        await Assertions.Expect(page.Locator("#waitroom")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByText("Phòng chờ")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "storefront-waiting-room");

        // A reload keeps the place: the page rejoins (the same ticket) and follows the stream again.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#waitroom")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("0");

        await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/admission/resume", null);
        await page.WaitForURLAsync(url => url.StartsWith(fixture.Platform.Providers.BaseUrl.ToString(), StringComparison.Ordinal));
        await BrowserFixture.ScreenshotAsync(page, "provider-sandbox-checkout");
        await page.ClickAsync("#pay");
        await page.WaitForURLAsync("**/orders/*");
        await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "confirmed");
        await Assertions.Expect(page.Locator("#tickets tr")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "storefront-order-paid");

        // The page asks the PDF route where the file is and opens it (Chromium shows it in its viewer).
        var orderPage = page.Url;
        var pdf = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#download"),
            response => response.Request.IsNavigationRequest && response.Url.Contains(".pdf?", StringComparison.Ordinal));
        Assert.Equal((200, "application/pdf"), (pdf.Status, pdf.Headers["content-type"]));
        // The response came; the tab is still moving to the viewer, and a navigation started now would be cut short by it.
        await page.WaitForURLAsync(url => url.Contains(".pdf?", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        // Chromium hands the body to its PDF viewer; the same presigned address, fetched again, is the file.
        using var http = new HttpClient();
        Assert.Equal("%PDF"u8.ToArray(), (await http.GetByteArrayAsync(pdf.Url))[..4]);
        // "My orders" lists it, paid. Back to the order page by its address: going back from Chromium's PDF viewer now
        // and then finds the tab detached from its history ("Not attached to an active page").
        await page.GotoAsync(orderPage);
        await page.ClickAsync("header a[href='/orders.html']");
        await Assertions.Expect(page.Locator("a.order", new() { HasText = eventName })).ToContainTextAsync("Đã thanh toán");
        await BrowserFixture.ScreenshotAsync(page, "storefront-my-orders");
        var taken = await customer.Http.GetFromJsonAsync<TakenSeatsDto>($"/api/v1/events/{eventId}/seats/taken");
        Assert.Equal(["F-A-2", "F-A-3"], taken!.SeatIds);
    }

    [Fact]
    public async Task A_customer_whose_join_meets_a_busy_gateway_is_queued_after_its_Retry_After_without_clicking_again()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Nhà hát Lớn", Roles.Organizer);
        var eventId = await Pages.PublishedEventAsync(organizer, $"Đêm nhạc Jazz {Guid.NewGuid().ToString()[..4]}");
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/admission/pause", null);
        using var customer = fixture.NewCustomer("Trần Văn Bận");
        await customer.SignUpAndLogInAsync();
        var page = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "vi-VN");
        await Pages.LogInAsync(page, customer);
        // The first join meets what a Gateway at its cap answers (503, Retry-After; EndpointTests prove the Gateway's
        // side), stood in for at the browser's network layer: the real Gateway cannot be made busy on cue.
        var joins = 0;
        await page.RouteAsync($"**/api/v1/events/{eventId}/waitroom", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref joins) == 1)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 503, ContentType = "application/problem+json", Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
                    Body = """{"status":503,"detail":"Busy right now; retry after the time in Retry-After."}""",
                });
                return;
            }

            await route.ContinueAsync();
        });

        await page.GotoAsync($"/event.html?id={eventId}");
        await page.ClickAsync("rect[data-seat='F-A-1']");
        await page.ClickAsync("#buy");

        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#stream-state")).ToBeEmptyAsync();
        Assert.Equal(2, joins);
        var status = await customer.Http.GetFromJsonAsync<QueueStatusDto>($"/api/v1/events/{eventId}/waitroom");
        Assert.Equal("waiting", status!.State);
    }

    [Fact]
    public async Task The_storefront_speaks_English_to_an_English_browser_and_Vietnamese_to_a_Vietnamese_one()
    {
        var english = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "en-US");
        var vietnamese = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "vi-VN");

        await english.GotoAsync("/");
        await vietnamese.GotoAsync("/");

        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Upcoming events");
        await Assertions.Expect(vietnamese.Locator("h1")).ToHaveTextAsync("Sự kiện sắp diễn ra");
        await BrowserFixture.ScreenshotAsync(vietnamese, "storefront-events");
        // The visitor's choice wins over the browser's.
        await english.ClickAsync("#lang");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Sự kiện sắp diễn ra");
    }
}
