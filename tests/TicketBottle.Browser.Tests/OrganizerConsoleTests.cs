using Microsoft.Playwright;
using TicketBottle.Contracts;

namespace TicketBottle.Browser.Tests;

/// <summary>An organizer in the console: create an event with its seat map, publish it, watch it live, pause and resume admission, change the pace, name the gate staff.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganizerConsoleTests(PlatformFixture fixture, BrowserFixture browser)
{
    [Fact]
    public async Task An_organizer_creates_publishes_watches_and_pauses_an_on_sale_in_the_console()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Công ty Biểu diễn Hồ Gươm", Roles.Organizer);
        var page = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "en-US");
        await Pages.LogInAsync(page, organizer, "/console.html");
        var name = $"Jazz night {Guid.NewGuid().ToString()[..4]}";
        var now = DateTime.Now;

        await page.FillAsync("#name", name);
        await page.FillAsync("#venue", "Hanoi Opera House");
        await page.FillAsync("#starts", now.AddDays(10).ToString("yyyy-MM-ddTHH:mm"));
        await page.FillAsync("#sale-starts", now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm"));
        await page.FillAsync("#sale-ends", now.AddDays(9).ToString("yyyy-MM-ddTHH:mm"));
        await page.FillAsync("#sections-text", "VIP; VIP; 2000000; A,B; 6\nGA; Standing; 500000; ; ; 100");
        await BrowserFixture.ScreenshotAsync(page, "console-create-event");
        await page.ClickAsync("#create button[type=submit]");
        var row = page.Locator("tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Draft");

        await row.Locator("[data-publish]").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("On sale");
        await row.Locator("[data-live]").ClickAsync();
        await Assertions.Expect(page.Locator("#live")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sections tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#admission")).ToHaveAttributeAsync("data-paused", "false");
        await page.ClickAsync("#pause");
        await Assertions.Expect(page.Locator("#admission")).ToHaveAttributeAsync("data-paused", "true");
        await Assertions.Expect(page.Locator("#admission")).ToHaveTextAsync("Paused");
        await BrowserFixture.ScreenshotAsync(page, "console-live-paused");
        await page.ClickAsync("#resume");
        await Assertions.Expect(page.Locator("#admission")).ToHaveAttributeAsync("data-paused", "false");
        // Pacing changes during the on-sale reach the waitroom (the live view reads it back from there).
        await page.FillAsync("#live-rate", "35");
        await page.FillAsync("#live-max", "150");
        await page.ClickAsync("#pacing button[type=submit]");
        await Assertions.Expect(page.Locator("#admitted")).ToHaveTextAsync("0 / 150");
        // The gate staff for this event, by e-mail.
        using var gate = await fixture.NewAccountWithRolesAsync("Gate 1", Roles.Staff);
        await page.FillAsync("#staff-emails", $"{gate.Email}, nobody-{Guid.NewGuid():N}@example.vn");
        await page.ClickAsync("#gate-staff button[type=submit]");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("No account for nobody-");
        await page.FillAsync("#staff-emails", gate.Email);
        await page.ClickAsync("#gate-staff button[type=submit]");
        await Assertions.Expect(page.Locator("#staff-saved")).ToContainTextAsync(gate.Email);

        // What the console showed is what the API holds: 12 reserved + 100 standing places, nothing sold yet.
        await Assertions.Expect(page.Locator("#sections")).ToContainTextAsync("12");
        await Assertions.Expect(page.Locator("#sold")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_customer_sees_no_console_link_and_the_console_API_refuses_them()
    {
        using var customer = fixture.NewCustomer("Lê Văn Tám");
        await customer.SignUpAndLogInAsync();
        var page = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "vi-VN");

        await Pages.LogInAsync(page, customer);

        await Assertions.Expect(page.Locator("header a[href='/console.html']")).ToHaveCountAsync(0);
        await page.GotoAsync("/console.html");
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
    }
}
