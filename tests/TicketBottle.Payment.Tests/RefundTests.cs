using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.Payment.Tests;

public sealed class RefundTests(PaymentServiceHost host) : IClassFixture<PaymentServiceHost>
{
    [Fact]
    public async Task Paying_twice_at_zalopay_confirms_once_and_refunds_the_second_payment_there_exactly_once()
    {
        var intent = await host.CreateIntentAsync(provider: PaymentProvider.Zalopay);
        await PaymentProviderSandbox.PayAsync(intent.CheckoutUrl, new PaymentChoice(Times: 2));
        var payments = host.Providers.CheckoutAt(intent.CheckoutUrl).Payments;

        var first = await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, payments[0].TransactionId));
        var second = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, payments[1].TransactionId)).ResponseAsync);
        // Submitted (ZaloPay answers "processing"), then final at the next sweep; later sweeps change nothing.
        for (var i = 0; i < 3; i++)
        {
            await host.Client.ReconcilePaymentsAsync(new ReconcilePaymentsRequest { BatchSize = 100 });
        }

        Assert.Equal(PaymentStatus.Succeeded, first.Payment.Status);
        Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);
        var refund = Assert.Single(host.Providers.Refunds, r => r.TransactionId == payments[1].TransactionId);
        Assert.Equal((intent.AmountVnd, true), (refund.AmountVnd, refund.Done));
        Assert.Matches($"^[0-9]{{6}}_{host.Providers.Credentials.ZaloPayAppId}_", refund.RefundRef);
        Assert.Equal(["payment.succeeded", "payment.refunded"], await host.OutboxEventTypesAsync(intent.OrderId));
        Assert.Equal(1, await host.CountAsync(
            "SELECT count(*) FROM refunds WHERE provider_transaction_id = @Id AND status = 'SUCCEEDED' AND reason = 'duplicate_payment'",
            new { Id = payments[1].TransactionId }));
    }

    [Fact]
    public async Task A_payos_refund_waits_for_an_operator_who_completes_it_once()
    {
        var intent = await host.CreateIntentAsync(amountVnd: 900_000);
        await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, $"FT-A-{intent.ProviderOrderRef}"));
        await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, $"FT-B-{intent.ProviderOrderRef}", amountVnd: 900_000)).ResponseAsync);

        var waiting = (await host.Client.ListRefundsAsync(new ListRefundsRequest())).Refunds.Single(r => r.OrderId == intent.OrderId);
        var completed = await host.Client.CompleteRefundAsync(new CompleteRefundRequest { RefundId = waiting.RefundId, Reference = "VCB 0001" });
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.CompleteRefundAsync(new CompleteRefundRequest { RefundId = waiting.RefundId, Reference = "VCB 0001" }).ResponseAsync);

        Assert.Equal((RefundStatus.Manual, "duplicate_payment", 900_000L), (waiting.Status, waiting.Reason, waiting.AmountVnd));
        Assert.Equal((RefundStatus.Succeeded, "VCB 0001"), (completed.Status, completed.ProviderRefundRef));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.DoesNotContain((await host.Client.ListRefundsAsync(new ListRefundsRequest())).Refunds, r => r.OrderId == intent.OrderId);
        Assert.Equal(["payment.succeeded", "payment.refunded"], await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task Money_taken_for_an_order_that_ended_is_refunded_once_however_often_the_saga_asks()
    {
        var intent = await host.CreateIntentAsync();
        await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, $"FT-{intent.ProviderOrderRef}"));

        for (var i = 0; i < 3; i++)
        {
            await host.Client.CancelPaymentAsync(new CancelPaymentRequest { OrderId = intent.OrderId, Reason = "hold_expired" });
        }

        Assert.Equal(1, await host.CountAsync(
            "SELECT count(*) FROM refunds r JOIN payment_intents i USING (payment_id) WHERE i.order_id = @OrderId AND r.reason = 'order_ended'",
            new { intent.OrderId }));
    }

    [Fact]
    public async Task Cancelling_a_pending_payment_closes_its_checkout()
    {
        var intent = await host.CreateIntentAsync();

        var cancelled = await host.Client.CancelPaymentAsync(new CancelPaymentRequest { OrderId = intent.OrderId, Reason = "checkout_unavailable" });

        Assert.Equal((PaymentStatus.Failed, "order_ended"), (cancelled.Status, cancelled.FailureReason));
        Assert.Equal("CANCELLED", host.Providers.CheckoutAt(intent.CheckoutUrl).Status);
    }

    [Theory]
    [InlineData("not-a-uuid", "VCB 1", StatusCode.InvalidArgument)]
    [InlineData("7d8f3c4e-0000-4000-8000-000000000000", "", StatusCode.InvalidArgument)]
    [InlineData("7d8f3c4e-0000-4000-8000-000000000000", "VCB 1", StatusCode.NotFound)]
    public async Task Completing_a_refund_checks_its_input(string refundId, string reference, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.CompleteRefundAsync(new CompleteRefundRequest { RefundId = refundId, Reference = reference }).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
    }
}
