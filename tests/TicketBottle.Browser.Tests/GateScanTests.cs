using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using TicketBottle.Contracts;
using TicketBottle.Contracts.Tickets;
using TicketBottle.Gateway.Api;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.Browser.Tests;

/// <summary>Gate staff on the scan page: admit, refuse a second scan, and keep scanning offline from the downloaded list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GateScanTests(PlatformFixture fixture, BrowserFixture browser)
{
    [Fact]
    public async Task Staff_admit_a_ticket_once_and_keep_scanning_offline_then_sync()
    {
        var tokens = await PaidTicketTokensAsync(quantity: 2);
        using var staff = await fixture.NewAccountWithRolesAsync("Nhân viên cổng 3", Roles.Staff);
        await fixture.AssignGateStaffAsync(fixture.EventId, staff);
        var page = await browser.NewPageAsync(fixture.Platform.GatewayUrl, "vi-VN");
        await Pages.LogInAsync(page, staff, $"/gate.html?event={fixture.EventId}");
        await page.FillAsync("#gate", "3");

        await ScanAsync(page, tokens[0]);
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-result", "admitted");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("MỜI VÀO");
        await BrowserFixture.ScreenshotAsync(page, "gate-admitted");
        await ScanAsync(page, tokens[0]);
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-result", "already_used");
        await Assertions.Expect(page.Locator("#detail")).ToContainTextAsync("cổng 3");
        await BrowserFixture.ScreenshotAsync(page, "gate-already-used");

        // The network goes: the downloaded list decides, the scanner remembers its own scans, the upload settles them.
        await page.ClickAsync("#download");
        await Assertions.Expect(page.Locator("#list-state")).ToContainTextAsync("vé");
        await page.CheckAsync("#offline");
        await ScanAsync(page, tokens[1]);
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-result", "admitted");
        await ScanAsync(page, tokens[1]);
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-result", "already_used");
        await ScanAsync(page, tokens[0]);
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-result", "already_used");
        await ScanAsync(page, "not-a-ticket.at-all");
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-result", "unknown_ticket");
        await Assertions.Expect(page.Locator("#list-state")).ToContainTextAsync("1 lượt soát chờ đồng bộ");
        await page.ClickAsync("#sync");
        await Assertions.Expect(page.Locator("#list-state")).ToContainTextAsync("0 lượt soát chờ đồng bộ");

        // The platform now knows the offline scan: another gate is told where it went in.
        var again = await staff.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, gate = "5", token = tokens[1] });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("3", (await again.Content.ReadFromJsonAsync<CheckInDto>())!.FirstGate);
    }

    private static async Task ScanAsync(IPage page, string token)
    {
        await page.FillAsync("#token", token);
        await page.PressAsync("#token", "Enter");
        // Each answer replaces the last: wait for this scan's by clearing the marker first.
        await page.WaitForFunctionAsync("() => document.getElementById('token').value === ''");
    }

    /// <summary>The QR contents of a paid standing-room order's tickets (what the PDF prints: the platform's signature).</summary>
    private async Task<List<string>> PaidTicketTokensAsync(int quantity)
    {
        var (customer, admission) = await fixture.AdmittedCustomerAsync("Trương Thị Mai");
        using var _ = customer;
        var order = await Customer.OrderFromAsync(await customer.PlaceOrderAsync(fixture.EventId, admission, "gate-page", new { sectionId = "GA", quantity }));
        await PaymentProviderSandbox.PayAsync(order.Payment!.CheckoutUrl!);
        var paid = await customer.WaitForOrderStateAsync(order.OrderId, "confirmed", TimeSpan.FromSeconds(30));
        var tokens = new TicketTokens(Encoding.UTF8.GetBytes(PlatformFixture.Settings.TicketTokenKey));
        return paid.Tickets.Select(t => tokens.Sign(new TicketClaims(t.TicketId, fixture.EventId))).ToList();
    }
}
