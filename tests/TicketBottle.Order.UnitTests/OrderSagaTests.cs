using Grpc.Core;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Order.UnitTests;

public sealed class OrderSagaTests
{
    private readonly SagaHarness _harness = new();

    [Fact]
    public async Task Placing_an_order_holds_the_seats_and_opens_one_payment()
    {
        var order = await _harness.PlaceAsync(quantity: 2);

        Assert.Equal(OrderStatus.AwaitingPayment, order.State);
        Assert.Equal(2, order.Tickets.Count);
        Assert.Equal(2 * FakeInventory.PriceVnd, order.TotalVnd);
        Assert.Equal($"hold-{order.OrderId}", order.HoldId);
        Assert.NotNull(order.Payment);
        // The sweep gives up on it a grace period after the customer's payment deadline.
        Assert.Equal(order.Payment!.PayBy + _harness.Settings.PaymentGrace, order.Deadline);
        Assert.Equal((1, 1), (_harness.Inventory.HoldCalls, _harness.Payments.IntentCalls));
    }

    [Fact]
    public async Task A_retried_placement_returns_the_same_order_without_a_second_hold()
    {
        var first = await _harness.PlaceAsync(key: "same-key");
        var retried = await _harness.PlaceAsync(key: "same-key");

        Assert.Equal(first, retried);
        Assert.Single(_harness.Store.Orders);
        Assert.Equal(1, _harness.Inventory.HoldCalls);
    }

    [Fact]
    public async Task Seats_held_by_someone_else_cancel_the_order_and_its_retry_is_refused_the_same_way()
    {
        _harness.Inventory.SeatsTaken = true;

        var refused = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "taken"));
        var retried = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "taken"));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, retried.StatusCode);
        var order = Assert.Single(_harness.Store.Orders);
        Assert.Equal((OrderStatus.Cancelled, "hold_failed"), (order.State, order.EndReason));
        Assert.Equal(1, _harness.Inventory.HoldCalls);
        Assert.Equal(0, _harness.Payments.IntentCalls);
        Assert.Equal(["order.cancelled"], _harness.PublishedTypes);
    }

    [Fact]
    public async Task A_section_that_just_ran_short_refuses_the_same_quantity_again_before_anything_is_stored_or_held()
    {
        _harness.Inventory.SeatsTaken = true;
        await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(customerId: "c-1", quantity: 2));

        var refused = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(customerId: "c-2", quantity: 3));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Single(_harness.Store.Orders);
        Assert.Equal(1, _harness.Inventory.HoldCalls);
    }

    [Fact]
    public async Task A_smaller_quantity_or_a_request_after_the_memory_ends_asks_inventory_again()
    {
        _harness.Inventory.SeatsTaken = true;
        await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(customerId: "c-1", quantity: 2));
        _harness.Inventory.SeatsTaken = false;

        var single = await _harness.PlaceAsync(customerId: "c-2", quantity: 1);
        _harness.Clock.Advance(ShortSections.Memory);
        var pair = await _harness.PlaceAsync(customerId: "c-3", quantity: 2);

        Assert.Equal((OrderStatus.AwaitingPayment, OrderStatus.AwaitingPayment), (single.State, pair.State));
        Assert.Equal(3, _harness.Inventory.HoldCalls);
    }

    [Fact]
    public async Task Someone_elses_admission_token_is_refused_before_anything_is_stored_or_held()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _harness.Saga.PlaceAsync(new PlaceOrderCommand("k",
            new CustomerInfo("c-thief", "thief@example.vn", "Kẻ Trộm"), FakeCatalog.EventId, FakeWaitroom.TokenFor("c-owner"),
            new SeatRequest([], "A", 1), "payos"), CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Empty(_harness.Store.Orders);
        Assert.Equal(0, _harness.Inventory.HoldCalls);
    }

    [Fact]
    public async Task A_new_order_asks_for_its_admission_and_its_event_at_once()
    {
        // The admission check answers only after the event was asked for: asked one after the other, it never would.
        _harness.Waitroom.AnswersAfter = _harness.Catalog.Asked.Task;

        var order = await _harness.PlaceAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(OrderStatus.AwaitingPayment, order.State);
    }

    [Fact]
    public async Task A_bad_admission_token_is_what_the_customer_is_told_even_when_the_event_is_unknown_too()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _harness.Saga.PlaceAsync(new PlaceOrderCommand("k",
            new CustomerInfo("c-1", "c-1@example.vn", "Nguyễn Văn Khách"), "evt-unknown", "forged-token",
            new SeatRequest([], "A", 1), "payos"), CancellationToken.None));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Empty(_harness.Store.Orders);
    }

    [Fact]
    public async Task A_successful_payment_confirms_the_order_once_however_often_it_is_delivered()
    {
        var order = await _harness.PlaceAsync();

        await _harness.Saga.OnPaymentSucceededAsync(order.OrderId, CancellationToken.None);
        await _harness.Saga.OnPaymentSucceededAsync(order.OrderId, CancellationToken.None);

        var confirmed = await _harness.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Confirmed, confirmed.State);
        Assert.Null(confirmed.Deadline);
        Assert.Equal(HoldStatus.Confirmed, _harness.Inventory.StatusOf(order.HoldId!));
        Assert.Equal(1, _harness.Inventory.ConfirmCalls);
        var published = Assert.Single(_harness.Publisher.Published);
        Assert.Equal((KafkaTopics.Orders, "order.confirmed", $"{order.OrderId}:confirmed"), (published.Topic, published.Event.Type, published.Event.Id));
        Assert.Null(_harness.Store.PendingEvent(order.OrderId));
        // The buyer's place under the waitroom's max_admitted goes to the next customer.
        Assert.Equal(1, _harness.Waitroom.CompletedAdmissions);
    }

    [Fact]
    public async Task A_payment_event_for_an_order_still_being_placed_waits_for_the_placement()
    {
        _harness.Inventory.SeatsTaken = true;
        var pending = new OrderDocument
        {
            OrderId = "o-pending", State = OrderStatus.Pending, Version = 1, IdempotencyKey = "k",
            Customer = new CustomerInfo("c-1", "c-1@example.vn", "Khách"),
            Event = new EventInfo(FakeCatalog.EventId, "Concert", "Venue", "Address", DateTimeOffset.UtcNow, "Asia/Ho_Chi_Minh", FakeCatalog.MaxTicketsPerCustomer),
            Request = new SeatRequest([], "A", 1), Provider = "payos", CreatedAt = _harness.Clock.GetUtcNow(), UpdatedAt = _harness.Clock.GetUtcNow(),
        };
        await _harness.Store.TryCreateAsync(pending, CancellationToken.None);

        await Assert.ThrowsAsync<SagaNotReadyException>(() => _harness.Saga.OnPaymentSucceededAsync("o-pending", CancellationToken.None));
        Assert.Equal(OrderStatus.Pending, (await _harness.OrderAsync("o-pending")).State);
    }

    [Theory]
    [InlineData("provider_declined", OrderStatus.Cancelled, "payment_failed")]
    [InlineData("expired", OrderStatus.Expired, "payment_timeout")]
    public async Task A_failed_payment_releases_the_seats_and_ends_the_order(string reason, OrderStatus state, string endReason)
    {
        var order = await _harness.PlaceAsync();

        await _harness.Saga.OnPaymentFailedAsync(order.OrderId, reason, CancellationToken.None);

        var ended = await _harness.OrderAsync(order.OrderId);
        Assert.Equal((state, endReason), (ended.State, ended.EndReason));
        Assert.Equal(HoldStatus.Released, _harness.Inventory.StatusOf(order.HoldId!));
        Assert.Equal(["order.cancelled"], _harness.PublishedTypes);
    }

    [Fact]
    public async Task Money_for_an_order_that_already_ended_never_confirms_it()
    {
        var order = await _harness.PlaceAsync();
        await _harness.Saga.OnPaymentFailedAsync(order.OrderId, "provider_declined", CancellationToken.None);

        await _harness.Saga.OnPaymentSucceededAsync(order.OrderId, CancellationToken.None);

        Assert.Equal(OrderStatus.Cancelled, (await _harness.OrderAsync(order.OrderId)).State);
        Assert.Equal(0, _harness.Inventory.ConfirmCalls);
        Assert.Equal(["order.cancelled"], _harness.PublishedTypes);
    }

    [Fact]
    public async Task Only_orders_past_their_deadline_expire_and_release_their_seats()
    {
        var early = await _harness.PlaceAsync(customerId: "c-early");
        _harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var late = await _harness.PlaceAsync(customerId: "c-late");
        _harness.Clock.Advance(FakePayments.IntentLifetime + _harness.Settings.PaymentGrace - TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var expired = await _harness.Saga.ExpireOverdueAsync(100, CancellationToken.None);

        Assert.Equal(1, expired);
        Assert.Equal((OrderStatus.Expired, "payment_timeout"), ((await _harness.OrderAsync(early.OrderId)).State, (await _harness.OrderAsync(early.OrderId)).EndReason));
        Assert.Equal(HoldStatus.Released, _harness.Inventory.StatusOf(early.HoldId!));
        Assert.Equal(OrderStatus.AwaitingPayment, (await _harness.OrderAsync(late.OrderId)).State);
        Assert.Equal(HoldStatus.Held, _harness.Inventory.StatusOf(late.HoldId!));
    }

    [Fact]
    public async Task An_overdue_order_whose_lost_callback_the_provider_confirms_is_confirmed_not_expired()
    {
        var order = await _harness.PlaceAsync();
        _harness.Payments.Pay(order.OrderId);
        _harness.Clock.Advance(FakePayments.IntentLifetime + _harness.Settings.PaymentGrace + TimeSpan.FromSeconds(1));

        Assert.Equal(0, await _harness.Saga.ExpireOverdueAsync(100, CancellationToken.None));

        Assert.Equal(OrderStatus.Confirmed, (await _harness.OrderAsync(order.OrderId)).State);
        Assert.Equal(HoldStatus.Confirmed, _harness.Inventory.StatusOf(order.HoldId!));
        Assert.Equal(["order.confirmed"], _harness.PublishedTypes);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, StatusCode.Unavailable, "checkout_unavailable")]
    [InlineData(StatusCode.DeadlineExceeded, StatusCode.Unavailable, "checkout_unavailable")]
    [InlineData(StatusCode.FailedPrecondition, StatusCode.FailedPrecondition, "checkout_refused")]
    public async Task An_order_the_provider_cannot_take_gives_its_seats_back_at_once_and_its_retry_is_told_to_place_a_new_one(StatusCode paymentAnswer,
        StatusCode customerAnswer, string endReason)
    {
        _harness.Payments.CheckoutFailure = new RpcException(new Status(paymentAnswer, "PayOS answered 503"));

        var refused = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "provider-down"));
        var retried = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "provider-down"));

        Assert.Equal(customerAnswer, refused.StatusCode);
        Assert.Contains("no seats were kept", refused.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, retried.StatusCode);
        Assert.Contains("new order", retried.Status.Detail);
        var order = Assert.Single(_harness.Store.Orders);
        Assert.Equal((OrderStatus.Cancelled, endReason), (order.State, order.EndReason));
        Assert.Equal(HoldStatus.Released, _harness.Inventory.StatusOf($"hold-{order.OrderId}"));
        Assert.Equal([order.OrderId], _harness.Payments.Cancelled);
    }

    [Fact]
    public async Task Money_for_an_order_that_already_ended_goes_back_to_payment_for_a_refund()
    {
        var order = await _harness.PlaceAsync();
        await _harness.Saga.OnPaymentFailedAsync(order.OrderId, "provider_declined", CancellationToken.None);

        await _harness.Saga.OnPaymentSucceededAsync(order.OrderId, CancellationToken.None);

        Assert.Equal([order.OrderId], _harness.Payments.Cancelled);
    }

    [Fact]
    public async Task Free_seats_are_confirmed_at_once_without_a_payment_provider()
    {
        _harness.Inventory.FreeSeats = true;

        var order = await _harness.PlaceAsync(quantity: 2);

        Assert.Equal((OrderStatus.Confirmed, 0L, 2), (order.State, order.TotalVnd, order.Tickets.Count));
        Assert.Null(order.Payment);
        Assert.Equal(0, _harness.Payments.IntentCalls);
        Assert.Equal(HoldStatus.Confirmed, _harness.Inventory.StatusOf(order.HoldId!));
        Assert.Equal(["order.confirmed"], _harness.PublishedTypes);
    }

    [Fact]
    public async Task An_overdue_order_whose_seats_were_sold_is_left_for_its_confirmation()
    {
        var order = await _harness.PlaceAsync();
        _harness.Clock.Advance(FakePayments.IntentLifetime + _harness.Settings.PaymentGrace + TimeSpan.FromSeconds(1));
        _harness.Inventory.HoldsSold = true;

        Assert.Equal(0, await _harness.Saga.ExpireOverdueAsync(100, CancellationToken.None));
        Assert.Equal(OrderStatus.AwaitingPayment, (await _harness.OrderAsync(order.OrderId)).State);
        Assert.Empty(_harness.Publisher.Published);
    }

    [Fact]
    public async Task An_integration_event_the_broker_refused_stays_in_the_outbox_until_the_relay_publishes_it_once()
    {
        var order = await _harness.PlaceAsync();
        _harness.Publisher.BrokerDown = true;

        await _harness.Saga.OnPaymentSucceededAsync(order.OrderId, CancellationToken.None);

        Assert.Equal(OrderStatus.Confirmed, (await _harness.OrderAsync(order.OrderId)).State);
        Assert.Empty(_harness.Publisher.Published);
        Assert.Equal("order.confirmed", _harness.Store.PendingEvent(order.OrderId)?.Type);

        _harness.Publisher.BrokerDown = false;
        Assert.Equal(0, await _harness.Relay.RelayOnceAsync(CancellationToken.None)); // younger than OutboxRelayAge: the fast path's
        _harness.Clock.Advance(_harness.Settings.OutboxRelayAge + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _harness.Relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(0, await _harness.Relay.RelayOnceAsync(CancellationToken.None));

        Assert.Equal(["order.confirmed"], _harness.PublishedTypes);
        Assert.Null(_harness.Store.PendingEvent(order.OrderId));
    }
}
