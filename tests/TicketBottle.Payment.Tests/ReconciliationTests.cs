using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.Payment.Tests;

/// <summary>Own host: the clock moves and the sandbox loses callbacks.</summary>
public sealed class ReconciliationTests(PaymentServiceHost host) : IClassFixture<PaymentServiceHost>
{
    private static readonly TimeSpan PastReconcileAfter = TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(PaymentProvider.Payos)]
    [InlineData(PaymentProvider.Zalopay)]
    public async Task A_payment_whose_callback_never_came_is_confirmed_by_one_sweep_and_the_late_callback_changes_nothing(PaymentProvider provider)
    {
        var intent = await host.CreateIntentAsync(provider: provider);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await PaymentProviderSandbox.PayAsync(intent.CheckoutUrl)).StatusCode);
        host.Clock.Advance(PastReconcileAfter);

        var sweep = await host.Client.ReconcilePaymentsAsync(new ReconcilePaymentsRequest { BatchSize = 100 });

        Assert.True(sweep.IntentsPaid >= 1);
        var paid = await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        var payment = Assert.Single(host.Providers.CheckoutAt(intent.CheckoutUrl).Payments);
        Assert.Equal(payment.TransactionId, paid.ProviderTransactionId);
        var late = await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, payment.TransactionId));
        Assert.True(late.Replayed);
        Assert.Equal(["payment.succeeded"], await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task A_checkout_the_customer_cancelled_fails_the_payment_at_the_next_sweep()
    {
        var intent = await host.CreateIntentAsync();
        await PaymentProviderSandbox.CancelAsync(intent.CheckoutUrl);
        host.Clock.Advance(PastReconcileAfter);

        await host.Client.ReconcilePaymentsAsync(new ReconcilePaymentsRequest { BatchSize = 100 });

        var failed = await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal((PaymentStatus.Failed, "provider_declined"), (failed.Status, failed.FailureReason));
        Assert.Equal(["payment.failed"], await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task Money_taken_after_the_deadline_is_refused_before_any_sweep_ran_and_refunded()
    {
        var intent = await host.CreateIntentAsync(provider: PaymentProvider.Zalopay);
        host.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var callback = PaymentServiceHost.Callback(intent, "260101000000001");
        callback.PaidAt = Timestamp.FromDateTimeOffset(host.Clock.GetUtcNow());

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Client.ConfirmPaymentAsync(callback).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("refunding it", refused.Status.Detail);
        Assert.Equal(PaymentStatus.Expired, (await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId })).Status);
        Assert.Equal(["payment.failed"], await host.OutboxEventTypesAsync(intent.OrderId));
        Assert.Equal(1, await host.CountAsync(
            "SELECT count(*) FROM refunds WHERE provider_transaction_id = '260101000000001' AND reason = 'late_payment' AND status = 'PENDING'", new { }));
    }

    [Fact]
    public async Task Money_taken_before_the_deadline_counts_though_its_callback_arrives_after_it()
    {
        var intent = await host.CreateIntentAsync();
        var paidAt = host.Clock.GetUtcNow().AddMinutes(14);
        host.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(30));
        var callback = PaymentServiceHost.Callback(intent, "FT-IN-TIME");
        callback.PaidAt = Timestamp.FromDateTimeOffset(paidAt);

        var confirmed = await host.Client.ConfirmPaymentAsync(callback);

        Assert.Equal(PaymentStatus.Succeeded, confirmed.Payment.Status);
    }

    [Fact]
    public async Task Settling_an_overdue_order_asks_the_provider_first_so_a_paid_order_is_never_expired()
    {
        host.Providers.LoseCallbacks = true;
        var paid = await host.CreateIntentAsync();
        var unpaid = await host.CreateIntentAsync();
        await PaymentProviderSandbox.PayAsync(paid.CheckoutUrl);
        host.Clock.Advance(TimeSpan.FromMinutes(17));

        var settledPaid = await host.Client.SettleOverdueIntentAsync(new SettleOverdueIntentRequest { OrderId = paid.OrderId });
        var settledUnpaid = await host.Client.SettleOverdueIntentAsync(new SettleOverdueIntentRequest { OrderId = unpaid.OrderId });

        Assert.Equal(PaymentStatus.Succeeded, settledPaid.Status);
        Assert.Equal(PaymentStatus.Expired, settledUnpaid.Status);
        Assert.Equal(System.Net.HttpStatusCode.Gone, (await PaymentProviderSandbox.PayAsync(unpaid.CheckoutUrl)).StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.SettleOverdueIntentAsync(new SettleOverdueIntentRequest { OrderId = "no-such-order" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
