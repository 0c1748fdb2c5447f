using System.Net;
using System.Text.Json.Nodes;

namespace TicketBottle.Security.Tests;

/// <summary>One admission buys one open purchase, and no customer gets more tickets for an event than it allows.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PurchaseAbuseTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Forty_orders_with_new_keys_from_one_admission_hold_the_seats_of_one()
    {
        var (hoarder, admission) = await fixture.AdmittedCustomerAsync("Kẻ Gom Vé");
        using var _ = hoarder;
        var availableBefore = await hoarder.AvailableAsync(fixture.EventId, "GA");

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            hoarder.PlaceOrderAsync(fixture.EventId, admission, $"hoard-{i}", new { sectionId = "GA", quantity = 2 })));

        var placed = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var openOrderId = (await Customer.OrderFromAsync(placed)).OrderId;
        // The Gateway's per-customer rate limit (burst 40) may answer the last few first; that is a refusal too.
        foreach (var refused in responses.Where(r => r != placed && r.StatusCode != HttpStatusCode.TooManyRequests))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
            // Some lose the race after their order was stored; those are refused by the reservation itself, with the same answer.
            Assert.Equal(openOrderId, problem["openOrderId"]?.GetValue<string>());
        }

        Assert.Equal(availableBefore - 2, await hoarder.AvailableAsync(fixture.EventId, "GA"));
    }

    [Fact]
    public async Task An_order_over_the_events_ticket_limit_is_refused_and_holds_nothing()
    {
        var (customer, admission) = await fixture.AdmittedCustomerAsync("Người Mua Nhiều");
        using var _ = customer;
        var availableBefore = await customer.AvailableAsync(fixture.EventId, "GA");

        var refused = await customer.PlaceOrderAsync(fixture.EventId, admission, "seven", new { sectionId = "GA", quantity = 7 });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("At most 6 tickets", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        Assert.Equal(availableBefore, await customer.AvailableAsync(fixture.EventId, "GA"));
        // The refusal freed the purchase: an order within the limit goes through.
        var allowed = await customer.PlaceOrderAsync(fixture.EventId, admission, "six", new { sectionId = "GA", quantity = 6 });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }
}
