using System.Text.RegularExpressions;
using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Payment.Tests;

public sealed class ConfirmPaymentTests(PaymentServiceHost host) : IClassFixture<PaymentServiceHost>
{
    [Fact]
    public async Task Create_intent_is_idempotent_per_order_and_provider()
    {
        var first = await host.CreateIntentAsync();
        var retry = await host.Client.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
        {
            OrderId = first.OrderId, AmountVnd = first.AmountVnd, Provider = PaymentProvider.Payos,
        });

        Assert.Equal(first.PaymentId, retry.PaymentId);
        Assert.Equal(first.ProviderOrderRef, retry.ProviderOrderRef);
        Assert.Matches(new Regex("^[0-9]+$"), first.ProviderOrderRef);
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Equal(1, await host.CountAsync("SELECT count(*) FROM payment_intents WHERE order_id = @OrderId", new { first.OrderId }));
    }

    [Fact]
    public async Task ZaloPay_reference_starts_with_the_vietnam_date()
    {
        var intent = await host.CreateIntentAsync(provider: PaymentProvider.Zalopay);

        var vietnamToday = host.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyMMdd");
        Assert.StartsWith($"{vietnamToday}_", intent.ProviderOrderRef);
        Assert.True(intent.ProviderOrderRef.Length <= 40);
    }

    [Fact]
    public async Task Same_order_with_a_different_amount_is_rejected()
    {
        var intent = await host.CreateIntentAsync(amountVnd: 500_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
        {
            OrderId = intent.OrderId, AmountVnd = 400_000, Provider = PaymentProvider.Payos,
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Theory]
    [InlineData("", 1000, PaymentProvider.Payos)]
    [InlineData("ord-1", 0, PaymentProvider.Payos)]
    [InlineData("ord-1", -5, PaymentProvider.Zalopay)]
    [InlineData("ord-1", 1000, PaymentProvider.Unspecified)]
    public async Task Create_intent_rejects_bad_input(string orderId, long amount, PaymentProvider provider)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.CreatePaymentIntentAsync(
            new CreatePaymentIntentRequest { OrderId = orderId, AmountVnd = amount, Provider = provider }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Successful_callback_confirms_the_payment_and_writes_one_outbox_event()
    {
        var intent = await host.CreateIntentAsync();

        var response = await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-success-1"));

        Assert.False(response.Replayed);
        Assert.Equal(PaymentStatus.Succeeded, response.Payment.Status);
        Assert.Equal("FT-success-1", response.Payment.ProviderTransactionId);
        Assert.Equal(["payment.succeeded"], await host.OutboxEventTypesAsync(intent.OrderId));
        var fetched = await host.Client.GetPaymentAsync(new GetPaymentRequest { OrderId = intent.OrderId });
        Assert.Equal(PaymentStatus.Succeeded, fetched.Status);
    }

    [Fact]
    public async Task Replayed_callback_returns_the_first_result_and_changes_nothing()
    {
        var intent = await host.CreateIntentAsync();
        var first = await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-replay"));

        var replay = await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-replay"));

        Assert.True(replay.Replayed);
        Assert.Equal(first.Payment, replay.Payment);
        Assert.Equal(1, await host.CountAsync("SELECT count(*) FROM provider_callbacks WHERE provider_transaction_id = 'FT-replay'", new { }));
        Assert.Equal(["payment.succeeded"], await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task Wrong_amount_is_rejected_recorded_and_leaves_the_payment_pending()
    {
        var intent = await host.CreateIntentAsync(amountVnd: 2_000_000);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-short", amountVnd: 2_000)).ResponseAsync);
        var replay = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-short", amountVnd: 2_000)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("2000000", error.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, replay.StatusCode);
        Assert.Equal(1, await host.CountAsync(
            "SELECT count(*) FROM provider_callbacks WHERE provider_transaction_id = 'FT-short' AND result = 'amount_mismatch'", new { }));
        Assert.Equal(PaymentStatus.Pending, (await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId })).Status);
        Assert.Empty(await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task Second_payment_for_a_paid_intent_is_flagged_not_applied()
    {
        var intent = await host.CreateIntentAsync();
        await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-pay-1"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-pay-2")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("refund", error.Status.Detail);
        var payment = await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal("FT-pay-1", payment.ProviderTransactionId);
        Assert.Equal(["payment.succeeded"], await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task Declined_payment_fails_the_intent_with_a_payment_failed_event()
    {
        var intent = await host.CreateIntentAsync();

        var response = await host.Client.ConfirmPaymentAsync(
            PaymentServiceHost.Callback(intent, "FT-declined", outcome: ProviderOutcome.Failed));

        Assert.Equal(PaymentStatus.Failed, response.Payment.Status);
        Assert.Equal("provider_declined", response.Payment.FailureReason);
        Assert.Equal(["payment.failed"], await host.OutboxEventTypesAsync(intent.OrderId));
    }

    [Fact]
    public async Task Callback_for_an_unknown_reference_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ConfirmPaymentAsync(new ConfirmPaymentRequest
        {
            Provider = PaymentProvider.Payos, ProviderOrderRef = "999999999", ProviderTransactionId = "FT-ghost",
            AmountVnd = 1000, Outcome = ProviderOutcome.Succeeded, RawPayload = "{}",
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData(PaymentProvider.Unspecified, "ref", "txn", 1000, ProviderOutcome.Succeeded)]
    [InlineData(PaymentProvider.Payos, "", "txn", 1000, ProviderOutcome.Succeeded)]
    [InlineData(PaymentProvider.Payos, "ref", "", 1000, ProviderOutcome.Succeeded)]
    [InlineData(PaymentProvider.Payos, "ref", "txn", 0, ProviderOutcome.Succeeded)]
    [InlineData(PaymentProvider.Payos, "ref", "txn", 1000, ProviderOutcome.Unspecified)]
    public async Task Confirm_rejects_bad_input(PaymentProvider provider, string orderRef, string transactionId, long amount, ProviderOutcome outcome)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ConfirmPaymentAsync(new ConfirmPaymentRequest
        {
            Provider = provider, ProviderOrderRef = orderRef, ProviderTransactionId = transactionId, AmountVnd = amount, Outcome = outcome,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Fifty_concurrent_duplicate_callbacks_confirm_exactly_once()
    {
        var intent = await host.CreateIntentAsync();
        var callback = PaymentServiceHost.Callback(intent, "FT-storm");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => host.Client.ConfirmPaymentAsync(callback).ResponseAsync));

        Assert.Single(responses, r => !r.Replayed);
        Assert.All(responses, r => Assert.Equal(PaymentStatus.Succeeded, r.Payment.Status));
        Assert.Equal(1, await host.CountAsync("SELECT count(*) FROM provider_callbacks WHERE payment_id = @id::uuid", new { id = intent.PaymentId }));
        Assert.Equal(["payment.succeeded"], await host.OutboxEventTypesAsync(intent.OrderId));
    }
}
