using TicketBottle.ProviderSandbox;
using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using TicketBottle.LocalInfrastructure;
using TicketBottle.LocalPlatform;
using TicketBottle.Contracts.Order.V1;
using Customer = TicketBottle.PlatformTesting.Customer;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The saga's edges, through the Gateway where a customer would hit them and over gRPC where a pod would.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OrderSagaTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Twenty_concurrent_retries_of_one_purchase_make_one_order_and_one_hold()
    {
        using var customer = fixture.NewCustomer("Lê Minh Châu");
        await customer.SignUpAndLogInAsync();
        var admission = await customer.QueueUntilAdmittedAsync(fixture.EventId);
        var availableBefore = await customer.AvailableAsync(fixture.EventId, "GA");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            customer.PlaceOrderAsync(fixture.EventId, admission, "storm", new { sectionId = "GA", quantity = 1 })));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await Customer.OrderFromAsync(response)).OrderId);
        }

        Assert.Single(ids);
        Assert.Equal("awaiting_payment", (await customer.GetOrderAsync(ids.Single())).State);
        Assert.Equal(availableBefore - 1, await customer.AvailableAsync(fixture.EventId, "GA"));
    }

    [Fact]
    public async Task Seats_someone_else_holds_answer_409_and_the_order_is_recorded_as_cancelled()
    {
        using var first = fixture.NewCustomer("Phạm Quốc Bảo");
        using var second = fixture.NewCustomer("Võ Thị Hạnh");
        await first.SignUpAndLogInAsync();
        await second.SignUpAndLogInAsync();
        var seatIds = await SeatIdsOfAHeldOrderAsync(first, "B-hold");

        var admission = await second.QueueUntilAdmittedAsync(fixture.EventId);
        var refused = await second.PlaceOrderAsync(fixture.EventId, admission, "B-try", new { seatIds });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var channel = GrpcChannel.ForAddress(fixture.Platform.ServiceUrl("order"));
        var orders = new OrderService.OrderServiceClient(channel.AsPermittedCaller());
        var customerId = CustomerId(second);
        var recorded = await orders.GetOrderAsync(new GetOrderRequest { OrderId = TicketBottle.Order.OrderSaga.OrderIdFor(customerId, "B-try") });
        Assert.Equal(OrderState.Cancelled, recorded.State);
        Assert.Equal("hold_failed", recorded.EndReason);
        // A retry of the same request gets the same answer.
        Assert.Equal(HttpStatusCode.Conflict, (await second.PlaceOrderAsync(fixture.EventId, admission, "B-try", new { seatIds })).StatusCode);
    }

    [Fact]
    public async Task A_checkout_the_customer_cancels_ends_the_order_at_the_next_sweep_and_returns_the_seats()
    {
        using var customer = fixture.NewCustomer("Đặng Thu Trang");
        await customer.SignUpAndLogInAsync();
        var admission = await customer.QueueUntilAdmittedAsync(fixture.EventId);
        var availableBefore = await customer.AvailableAsync(fixture.EventId, "GA");
        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "declined", new { sectionId = "GA", quantity = 3 });
        var order = await Customer.OrderFromAsync(placed);
        var orderId = order.OrderId;

        // PayOS sends no webhook for a cancelled checkout: the reconciliation sweep finds it closed.
        var back = await PaymentProviderSandbox.CancelAsync(order.Payment!.CheckoutUrl!);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Contains("cancel=true", back.Headers.Location!.Query);
        var summary = await fixture.Platform.Functions.InvokeAsync("CleanupFunction", FunctionHost.ScheduledEventJson("CleanupFunction"));
        Assert.Contains("payment.reconcile", summary);

        var cancelled = await customer.WaitForOrderStateAsync(orderId, "cancelled", TimeSpan.FromSeconds(30));
        Assert.Equal(("cancelled", "payment_failed"), (cancelled.State, cancelled.EndReason));
        Assert.Equal(availableBefore, await customer.AvailableAsync(fixture.EventId, "GA"));
    }

    [Fact]
    public async Task A_payment_provider_that_is_down_keeps_no_seats_and_says_to_place_the_order_again()
    {
        var (customer, admission) = await fixture.AdmittedCustomerAsync("Lý Minh Khoa");
        using var _ = customer;
        var availableBefore = await customer.AvailableAsync(fixture.EventId, "GA");
        fixture.Platform.Providers.Outage = true;
        HttpResponseMessage placed;
        try
        {
            placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "provider-down", new { sectionId = "GA", quantity = 2 });
        }
        finally
        {
            fixture.Platform.Providers.Outage = false;
        }

        // Payment answers UNAVAILABLE; the Gateway's client retries that by itself and the retry finds the order ended.
        Assert.Equal(HttpStatusCode.Conflict, placed.StatusCode);
        Assert.Contains("no seats were kept. Place it again as a new order", await placed.Content.ReadAsStringAsync());
        Assert.Equal(availableBefore, await customer.AvailableAsync(fixture.EventId, "GA"));
        // The provider is back: a new attempt buys.
        var again = await customer.PlaceOrderAsync(fixture.EventId, admission, "provider-back", new { sectionId = "GA", quantity = 2 });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        // Paid, so no later sweep moves this section's count under the other tests' feet.
        var order = await Customer.OrderFromAsync(again);
        await PaymentProviderSandbox.PayAsync(order.Payment!.CheckoutUrl!);
        Assert.Equal("confirmed", (await customer.WaitForOrderStateAsync(order.OrderId, "confirmed", PurchaseJourney.SagaTimeout)).State);
    }

    [Fact]
    public async Task An_admission_token_is_only_good_for_its_own_customer_and_event()
    {
        using var holder = fixture.NewCustomer("Hoàng Gia Huy");
        using var other = fixture.NewCustomer("Bùi Lan Anh");
        await holder.SignUpAndLogInAsync();
        await other.SignUpAndLogInAsync();
        var admission = await holder.QueueUntilAdmittedAsync(fixture.EventId);

        var borrowed = await other.PlaceOrderAsync(fixture.EventId, admission, "borrowed", new { sectionId = "GA", quantity = 1 });
        var forged = await holder.PlaceOrderAsync(fixture.EventId, admission[..^4] + "AAAA", "forged", new { sectionId = "GA", quantity = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, borrowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Order_service_rejects_bad_requests_with_invalid_argument()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Platform.ServiceUrl("order"));
        var orders = new OrderService.OrderServiceClient(channel.AsPermittedCaller());

        var noSelection = await Assert.ThrowsAsync<RpcException>(() => orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            IdempotencyKey = "k", EventId = fixture.EventId, AdmissionToken = "t", PaymentProvider = "payos",
            Customer = new TicketBottle.Contracts.Order.V1.Customer { CustomerId = "c", Email = "c@example.vn" },
        }).ResponseAsync);
        var badProvider = await Assert.ThrowsAsync<RpcException>(() => orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            IdempotencyKey = "k", EventId = fixture.EventId, AdmissionToken = "t", PaymentProvider = "cash",
            Customer = new TicketBottle.Contracts.Order.V1.Customer { CustomerId = "c", Email = "c@example.vn" },
            SectionQuantity = new SectionQuantity { SectionId = "GA", Quantity = 1 },
        }).ResponseAsync);
        var sweepTooBig = await Assert.ThrowsAsync<RpcException>(() =>
            orders.ExpireStaleOrdersAsync(new ExpireStaleOrdersRequest { BatchSize = 100_000 }).ResponseAsync);

        Assert.All([noSelection, badProvider, sweepTooBig], ex => Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            orders.GetOrderAsync(new GetOrderRequest { OrderId = Guid.NewGuid().ToString() }).ResponseAsync)).StatusCode);
    }

    private async Task<string[]> SeatIdsOfAHeldOrderAsync(Customer customer, string key)
    {
        var admission = await customer.QueueUntilAdmittedAsync(fixture.EventId);
        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, key, new { sectionId = "A", quantity = 2 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await Customer.OrderFromAsync(placed)).Tickets.Select(t => t.SeatId).ToArray();
    }

    /// <summary>The JWT's subject, as the Gateway passes it to the Order service.</summary>
    private static string CustomerId(Customer customer)
    {
        var payload = customer.Http.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1];
        return JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload))!["sub"]!.GetValue<string>();
    }
}
