using TicketBottle.ProviderSandbox;
using System.Net;
using TicketBottle.LocalPlatform;

namespace TicketBottle.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PurchaseJourneyTests(PlatformFixture fixture)
{
    [Fact]
    public Task Customer_buys_two_seats_pays_through_PayOS_and_gets_one_email_with_matching_tickets_even_when_the_webhook_repeats() =>
        PurchaseJourney.BuyTwoSeatsPayTwiceAndGetOneEmailAsync(fixture);

    [Fact]
    public async Task Unpaid_order_expires_after_the_cleanup_sweep_and_its_seats_return()
    {
        using var customer = fixture.NewCustomer("Trần Thị Bích");
        await customer.SignUpAndLogInAsync();
        var admission = await customer.QueueUntilAdmittedAsync(fixture.EventId);
        var availableBefore = await customer.AvailableAsync(fixture.EventId, "GA");

        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "buy-ga", new { sectionId = "GA", quantity = 2 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await Customer.OrderFromAsync(placed);
        var orderId = order.OrderId;
        Assert.Equal(availableBefore - 2, await customer.AvailableAsync(fixture.EventId, "GA"));

        // Nobody pays. Once the payment window and its grace are over, the scheduled Cleanup function runs.
        var payBy = order.Payment!.PayBy;
        var wait = payBy + PlatformFixture.Settings.PaymentGrace + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var summary = await fixture.Platform.Functions.InvokeAsync("CleanupFunction", FunctionHost.ScheduledEventJson("CleanupFunction"));
        Assert.Contains("order.expire_stale_orders", summary);

        var expired = await customer.WaitForOrderStateAsync(orderId, "expired", PurchaseJourney.SagaTimeout);
        Assert.Equal(("expired", "payment_timeout"), (expired.State, expired.EndReason));
        Assert.Equal(availableBefore, await customer.AvailableAsync(fixture.EventId, "GA"));

        // The expiry cancelled the checkout at the provider: paying it now fails there.
        var checkoutUrl = order.Payment.CheckoutUrl!;
        Assert.Equal(HttpStatusCode.Gone, (await PaymentProviderSandbox.PayAsync(checkoutUrl)).StatusCode);
        // A bank transfer to the VietQR can still land late: refused, the order stays expired, no tickets go out, and
        // the money waits for an operator to send it back (PayOS has no refund API).
        var late = await PaymentProviderSandbox.PayAsync(checkoutUrl, new PaymentChoice(AfterClose: true));
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("expired", (await customer.GetOrderAsync(orderId)).State);
        Assert.Empty(fixture.Smtp.MessagesTo(customer.Email));
        var refund = Assert.Single(await fixture.RefundsAwaitingOperatorAsync(orderId));
        Assert.Equal(("late_payment", 1_200_000L), (refund.Reason, refund.AmountVnd));
        Assert.Equal(HttpStatusCode.Conflict, (await customer.Http.GetAsync($"/api/v1/orders/{orderId}/tickets")).StatusCode);
    }
}
