using System.Net;
using System.Net.Http.Json;
using TicketBottle.Gateway.Api;
using TicketBottle.LocalPlatform;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>"My orders": a customer sees their own orders, newest first, a page at a time, and nobody else's.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CustomerOrdersTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_customer_lists_only_their_own_orders_newest_first_in_pages()
    {
        var secondEvent = await DemoEvent.PublishAsync(fixture.Platform.ServiceUrl("event"), "Đêm nhạc Phú Quang",
            [new DemoEvent.Layout("GA", "Đứng", 500_000, [], 0, 20)]);
        var (customer, admission) = await fixture.AdmittedCustomerAsync("Mai Thị Hồng");
        using var _ = customer;
        var first = await Customer.OrderFromAsync(await customer.PlaceOrderAsync(fixture.EventId, admission, "mine-1", new { sectionId = "GA", quantity = 1 }));
        var secondAdmission = await customer.QueueUntilAdmittedAsync(secondEvent);
        var second = await Customer.OrderFromAsync(await customer.PlaceOrderAsync(secondEvent, secondAdmission, "mine-2", new { sectionId = "GA", quantity = 2 }));
        var (stranger, strangerAdmission) = await fixture.AdmittedCustomerAsync("Người Lạ");
        using var __ = stranger;
        await stranger.PlaceOrderAsync(fixture.EventId, strangerAdmission, "theirs", new { sectionId = "GA", quantity = 1 });

        var page1 = (await customer.Http.GetFromJsonAsync<OrderPage>("/api/v1/orders?pageSize=1"))!;
        var page2 = (await customer.Http.GetFromJsonAsync<OrderPage>($"/api/v1/orders?pageSize=1&pageToken={Uri.EscapeDataString(page1.NextPageToken!)}"))!;
        var all = (await customer.Http.GetFromJsonAsync<OrderPage>("/api/v1/orders"))!;

        Assert.Equal([second.OrderId], page1.Orders.Select(o => o.OrderId));
        Assert.Equal([first.OrderId], page2.Orders.Select(o => o.OrderId));
        Assert.Equal([second.OrderId, first.OrderId], all.Orders.Select(o => o.OrderId));
        Assert.Null(all.NextPageToken);
        Assert.Equal(("Đêm nhạc Phú Quang", 2), (all.Orders[0].Event.Name, all.Orders[0].Tickets.Count));
        var forged = await customer.Http.GetAsync("/api/v1/orders?pageToken=bm90LWEtdG9rZW4=");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
