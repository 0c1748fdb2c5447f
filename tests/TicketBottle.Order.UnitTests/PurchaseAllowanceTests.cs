using Grpc.Core;
using TicketBottle.Contracts;

namespace TicketBottle.Order.UnitTests;

/// <summary>An admission buys one open purchase at a time, and a customer's tickets for an event stay within its limit.</summary>
public sealed class PurchaseAllowanceTests
{
    private readonly SagaHarness _harness = new();

    [Fact]
    public async Task A_second_order_while_one_is_open_is_refused_with_the_open_order_id_and_holds_nothing()
    {
        var open = await _harness.PlaceAsync(key: "first", quantity: 2);

        var refused = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "second", quantity: 2));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Equal(open.OrderId, refused.Trailers.GetValue(RefusalTrailers.OpenOrderId));
        Assert.Equal(1, _harness.Inventory.HoldCalls);
        Assert.Single(_harness.Store.Orders);
    }

    [Fact]
    public async Task A_cancelled_order_frees_the_purchase_and_its_tickets_for_a_new_order()
    {
        var declined = await _harness.PlaceAsync(key: "first", quantity: 6);
        await _harness.Saga.OnPaymentFailedAsync(declined.OrderId, "declined", CancellationToken.None);

        var next = await _harness.PlaceAsync(key: "second", quantity: 6);

        Assert.Equal(OrderStatus.AwaitingPayment, next.State);
    }

    [Fact]
    public async Task Paid_tickets_count_against_the_event_limit_of_the_customer()
    {
        var paid = await _harness.PlaceAsync(key: "first", quantity: 4);
        await _harness.Saga.OnPaymentSucceededAsync(paid.OrderId, CancellationToken.None);

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "second", quantity: 3));
        var upToTheLimit = await _harness.PlaceAsync(key: "third", quantity: FakeCatalog.MaxTicketsPerCustomer - 4);

        Assert.Equal(StatusCode.FailedPrecondition, tooMany.StatusCode);
        Assert.Contains("At most 6 tickets", tooMany.Status.Detail);
        Assert.Equal(OrderStatus.AwaitingPayment, upToTheLimit.State);
        Assert.Equal(2, _harness.Inventory.HoldCalls);
    }

    [Fact]
    public async Task One_order_over_the_limit_is_refused_and_its_retry_is_refused_the_same_way()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "big", quantity: 7));
        var retried = await Assert.ThrowsAsync<RpcException>(() => _harness.PlaceAsync(key: "big", quantity: 7));

        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (refused.StatusCode, retried.StatusCode));
        Assert.Equal((OrderStatus.Cancelled, "ticket_limit"), (_harness.Store.Orders.Single().State, _harness.Store.Orders.Single().EndReason));
        Assert.Equal(0, _harness.Inventory.HoldCalls);
    }

    [Fact]
    public async Task An_order_that_ended_without_closing_its_purchase_does_not_block_the_next_one()
    {
        // A crash between the order's last transition and closing its purchase, as the store would be left.
        var ended = await _harness.PlaceAsync(key: "first", quantity: 6);
        await _harness.Store.TryTransitionAsync(ended, ended with { Version = ended.Version + 1, State = OrderStatus.Expired, EndReason = "payment_timeout" },
            null, CancellationToken.None);

        var next = await _harness.PlaceAsync(key: "second", quantity: 6);

        Assert.Equal(OrderStatus.AwaitingPayment, next.State);
        var allowance = await _harness.Store.GetPurchaseAllowanceAsync(FakeCatalog.EventId, "c-1", CancellationToken.None);
        Assert.Equal((next.OrderId, 6), (allowance!.OpenOrderId, allowance.Tickets));
    }

    [Fact]
    public async Task Another_customer_is_not_limited_by_the_first_ones_purchases()
    {
        await _harness.PlaceAsync(customerId: "c-1", key: "k", quantity: 6);

        var other = await _harness.PlaceAsync(customerId: "c-2", key: "k", quantity: 6);

        Assert.Equal(OrderStatus.AwaitingPayment, other.State);
    }
}
