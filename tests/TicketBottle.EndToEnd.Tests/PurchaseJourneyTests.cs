using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TicketBottle.Testing;
using TicketBottle.LocalPlatform;

namespace TicketBottle.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PurchaseJourneyTests(PlatformFixture fixture)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Customer_buys_two_seats_pays_through_PayOS_and_gets_one_email_with_matching_tickets_even_when_the_webhook_repeats()
    {
        using var customer = fixture.NewCustomer("Nguyễn Văn An");
        await customer.SignUpAndLogInAsync();
        var admission = await customer.QueueUntilAdmittedAsync(fixture.EventId);
        var availableBefore = await customer.AvailableAsync(fixture.EventId, "A");

        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "buy-1", new { sectionId = "A", quantity = 2 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await Customer.OrderFromAsync(placed);
        var orderId = order.OrderId;
        Assert.Equal("awaiting_payment", order.State);
        var seats = order.Tickets.Select(t => (t.Row, Number: t.SeatNumber)).ToList();
        Assert.Equal(2, seats.Count);
        // Best available means side by side.
        Assert.Equal(seats[0].Row, seats[1].Row);
        Assert.Equal(1, Math.Abs(seats[0].Number - seats[1].Number));
        Assert.Equal(3_000_000, order.TotalVnd);
        Assert.Equal(availableBefore - 2, await customer.AvailableAsync(fixture.EventId, "A"));

        // A retried request (same Idempotency-Key) is the same order, not a second hold.
        var retried = await customer.PlaceOrderAsync(fixture.EventId, admission, "buy-1", new { sectionId = "A", quantity = 2 });
        Assert.Equal(orderId, (await Customer.OrderFromAsync(retried)).OrderId);
        Assert.Equal(availableBefore - 2, await customer.AvailableAsync(fixture.EventId, "A"));

        var orderCode = order.Payment!.ProviderOrderRef;
        var webhook = fixture.Provider.PayOsWebhook(orderCode, 3_000_000, $"FT{orderCode}");
        using var provider = new HttpClient { BaseAddress = fixture.Platform.FunctionsUrl };
        var answer = await provider.PostAsync("/webhooks/payos", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var confirmed = await customer.WaitForOrderStateAsync(orderId, "confirmed", SagaTimeout);
        Assert.Equal("confirmed", confirmed.State);
        var version = confirmed.UpdatedAt;

        // The provider retries the same webhook: no second confirmation, no second e-mail.
        var again = await provider.PostAsync("/webhooks/payos", new StringContent(webhook, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var mails = await fixture.Smtp.WaitForMessagesToAsync(customer.Email, 1, SagaTimeout);
        var mail = Assert.Single(mails);
        var pdf = mail.Attachments.OfType<MimeKit.MimePart>().Single(a => a.ContentType.MimeType == "application/pdf");
        using var pdfBytes = new MemoryStream();
        await pdf.Content!.DecodeToAsync(pdfBytes);
        var text = await PdfInspection.TextAsync(pdfBytes.ToArray());
        Assert.Contains("Nguyễn Văn An", text);
        foreach (var ticket in confirmed.Tickets)
        {
            var seat = $@"{Regex.Escape(ticket.SectionName)}\s+{ticket.Row}\s+{ticket.SeatNumber}\b";
            Assert.Matches(seat, text);
        }

        Assert.Equal(2, (await PdfInspection.QrCodesAsync(pdfBytes.ToArray())).Count);

        // Let the duplicate webhook's effects (if any) run their course before counting again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(fixture.Smtp.MessagesTo(customer.Email));
        // Buying completed the admission: the place goes to the next in the queue, and the token buys nothing more.
        // A retry of the paid order itself still answers with it.
        var another = await customer.PlaceOrderAsync(fixture.EventId, admission, "buy-2", new { sectionId = "A", quantity = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, another.StatusCode);
        var replay = await customer.PlaceOrderAsync(fixture.EventId, admission, "buy-1", new { sectionId = "A", quantity = 2 });
        Assert.Equal("confirmed", (await Customer.OrderFromAsync(replay)).State);
        var final = await customer.GetOrderAsync(orderId);
        Assert.Equal("confirmed", final.State);
        Assert.Equal(version, final.UpdatedAt);
        Assert.Equal(availableBefore - 2, await customer.AvailableAsync(fixture.EventId, "A"));

        // Tickets download: Gateway → PdfGenerator route (JWT authorizer) → presigned S3 URL → the PDF.
        var download = await customer.Http.GetAsync($"/api/v1/orders/{orderId}/tickets");
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        using var functionsRequest = new HttpRequestMessage(HttpMethod.Get, download.Headers.Location);
        functionsRequest.Headers.Authorization = customer.Http.DefaultRequestHeaders.Authorization;
        var presigned = await customer.Http.SendAsync(functionsRequest);
        Assert.Equal(HttpStatusCode.Redirect, presigned.StatusCode);
        var file = await new HttpClient().GetAsync(presigned.Headers.Location);
        Assert.Equal("%PDF", Encoding.ASCII.GetString((await file.Content.ReadAsByteArrayAsync())[..4]));
    }

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

        var expired = await customer.WaitForOrderStateAsync(orderId, "expired", SagaTimeout);
        Assert.Equal(("expired", "payment_timeout"), (expired.State, expired.EndReason));
        Assert.Equal(availableBefore, await customer.AvailableAsync(fixture.EventId, "GA"));

        // Money arriving now is refused by the Payment service; the order stays expired and no tickets go out.
        var late = fixture.Provider.PayOsWebhook(order.Payment!.ProviderOrderRef, 1_200_000, "FT-late");
        using var provider = new HttpClient { BaseAddress = fixture.Platform.FunctionsUrl };
        await provider.PostAsync("/webhooks/payos", new StringContent(late, Encoding.UTF8, "application/json"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("expired", (await customer.GetOrderAsync(orderId)).State);
        Assert.Empty(fixture.Smtp.MessagesTo(customer.Email));
        Assert.Equal(HttpStatusCode.Conflict, (await customer.Http.GetAsync($"/api/v1/orders/{orderId}/tickets")).StatusCode);
    }
}
