using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TicketBottle.Contracts;
using TicketBottle.Gateway.Api;
using TicketBottle.LocalInfrastructure;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The scheduled analytics function: a CSV per event and day in S3, its link mailed to the organizer, once.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SalesReportTests(PlatformFixture fixture)
{
    [Fact]
    public async Task The_daily_run_mails_each_organizer_a_link_to_their_events_sales_as_CSV_once_a_day()
    {
        using var organizer = await fixture.NewAccountWithRolesAsync("Nhà tổ chức Báo cáo", Roles.Organizer);
        var venue = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/venues", new { name = "Nhà hát Hòa Bình", timeZone = "Asia/Ho_Chi_Minh" });
        var now = DateTimeOffset.UtcNow;
        var created = await organizer.Http.PostAsJsonAsync("/api/v1/organizer/events", new CreateEventBody(
            (await venue.Content.ReadFromJsonAsync<VenueDto>())!.VenueId, "Dạ tiệc, \"Giáng sinh\"", null, now.AddDays(5), now.AddMinutes(-1),
            now.AddDays(4), [new SectionLayoutBody("S", "Đứng", 350_000, null, null, 10)], 50, 100, 4));
        var eventId = (await created.Content.ReadFromJsonAsync<OrganizerEventDto>())!.EventId;
        await organizer.Http.PostAsync($"/api/v1/organizer/events/{eventId}/publish", null);
        using var customer = fixture.NewCustomer("Khách Mua Vé");
        await customer.SignUpAndLogInAsync();
        var order = await Customer.OrderFromAsync(await customer.PlaceOrderAsync(eventId, await customer.QueueUntilAdmittedAsync(eventId), "report-1",
            new { sectionId = "S", quantity = 2 }));
        await PaymentProviderSandbox.PayAsync(order.Payment!.CheckoutUrl!);
        await customer.WaitForOrderStateAsync(order.OrderId, "confirmed", PurchaseJourney.SagaTimeout);

        var first = await RunAsync();
        var mail = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(organizer.Email, 1, PurchaseJourney.SagaTimeout));
        var link = Regex.Match(mail.TextBody!, @"https?://\S+").Value;
        using var http = new HttpClient();
        var csv = await http.GetStringAsync(link);
        var second = await RunAsync();

        Assert.True(first["reported"]!.GetValue<int>() >= 1);
        Assert.Equal(0, first["failed"]!.GetValue<int>());
        Assert.Contains("Dạ tiệc", mail.Subject);
        Assert.Contains("700.000 VND", mail.TextBody);
        Assert.Equal(
        [
            "section_id,section,price_vnd,capacity,available,held,sold,revenue_vnd",
            "S,Đứng,350000,10,8,0,2,700000",
            "TOTAL,,,10,8,0,2,700000",
        ], csv.TrimEnd().Split("\r\n"));
        // The same day again: nothing new to send, and the organizer gets no second mail.
        Assert.Equal((0, 0), (second["reported"]!.GetValue<int>(), second["failed"]!.GetValue<int>()));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(fixture.Smtp.MessagesTo(organizer.Email));
    }

    /// <summary>As `sam local invoke AnalyticsFunction -e events/analytics-schedule.json` would.</summary>
    private async Task<JsonObject> RunAsync() => JsonNode.Parse(await fixture.Platform.Functions.InvokeAsync("AnalyticsFunction",
        await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "analytics-schedule.json"))))!.AsObject();
}
