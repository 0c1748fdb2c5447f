using System.Text.Json;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Functions.PaymentWebhooks.Tests;

public sealed class WebhookEndToEndTests(PaymentServiceFixture payments) : IClassFixture<PaymentServiceFixture>
{
    [Fact]
    public async Task ZaloPay_callback_confirms_and_its_replay_is_acknowledged_without_a_second_payment()
    {
        var intent = await payments.CreateIntentAsync(PaymentProvider.Zalopay, 2_400_000);
        var (function, _) = WebhookHarness.Create(payments.Address);
        var callback = WebhookHarness.HttpEvent("/webhooks/zalopay", WebhookHarness.ZaloPayBody(intent.ProviderOrderRef, 261124000000777, 2_400_000));

        var first = await WebhookHarness.InvokeAsync(function, callback);
        var replay = await WebhookHarness.InvokeAsync(function, callback);

        Assert.Equal(1, ReturnCode(first));
        Assert.Equal(2, ReturnCode(replay));
        var payment = await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal("261124000000777", payment.ProviderTransactionId);
        Assert.Equal(1, await payments.OutboxRowsAsync(intent.OrderId, "payment.succeeded"));
    }

    [Fact]
    public async Task Wrong_amount_is_acknowledged_as_recorded_and_the_payment_stays_pending()
    {
        var intent = await payments.CreateIntentAsync(PaymentProvider.Payos, 3_000_000);
        var (function, _) = WebhookHarness.Create(payments.Address);

        var response = await WebhookHarness.InvokeAsync(function,
            WebhookHarness.HttpEvent("/webhooks/payos", WebhookHarness.PayOsBody(intent.ProviderOrderRef, 3_000, "FT-underpaid")));

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("recorded for review", response.Body);
        var payment = await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.Equal(0, await payments.OutboxRowsAsync(intent.OrderId, "payment.succeeded"));
    }

    [Fact]
    public async Task Callback_signed_with_another_key_never_reaches_the_payment_service()
    {
        var intent = await payments.CreateIntentAsync(PaymentProvider.Payos);
        var (function, downstream) = WebhookHarness.Create(payments.Address);

        var payos = await WebhookHarness.InvokeAsync(function, WebhookHarness.HttpEvent("/webhooks/payos",
            WebhookHarness.PayOsBody(intent.ProviderOrderRef, intent.AmountVnd, "FT-forged", checksumKey: "attacker-key")));
        var zalopay = await WebhookHarness.InvokeAsync(function, WebhookHarness.HttpEvent("/webhooks/zalopay",
            WebhookHarness.ZaloPayBody(intent.ProviderOrderRef, 1, intent.AmountVnd, key2: "attacker-key")));

        Assert.Equal(401, payos.StatusCode);
        Assert.Equal(-1, ReturnCode(zalopay));
        Assert.Equal(0, downstream.Calls);
        Assert.Equal(PaymentStatus.Pending, (await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId })).Status);
    }

    [Fact]
    public async Task Fifty_concurrent_duplicate_webhooks_confirm_one_payment_with_one_outbox_event()
    {
        var intent = await payments.CreateIntentAsync(PaymentProvider.Payos, 990_000);
        var (function, downstream) = WebhookHarness.Create(payments.Address);
        var callback = WebhookHarness.HttpEvent("/webhooks/payos", WebhookHarness.PayOsBody(intent.ProviderOrderRef, 990_000, "FT-storm-50"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => WebhookHarness.InvokeAsync(function, callback)));

        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(50, downstream.Calls);
        var payment = await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(1, await payments.OutboxRowsAsync(intent.OrderId, "payment.succeeded"));
    }

    [Fact]
    public async Task PayOS_failure_code_fails_the_payment()
    {
        var intent = await payments.CreateIntentAsync(PaymentProvider.Payos);
        var (function, _) = WebhookHarness.Create(payments.Address);

        var response = await WebhookHarness.InvokeAsync(function, WebhookHarness.HttpEvent("/webhooks/payos",
            WebhookHarness.PayOsBody(intent.ProviderOrderRef, intent.AmountVnd, "FT-declined", code: "01")));

        Assert.Equal(200, response.StatusCode);
        var payment = await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId });
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Equal(1, await payments.OutboxRowsAsync(intent.OrderId, "payment.failed"));
    }

    [Theory]
    [InlineData("00", "01", PaymentStatus.Succeeded)]
    [InlineData("01", "00", PaymentStatus.Failed)]
    public async Task PayOS_outcome_is_the_signed_data_code_whatever_the_unsigned_envelope_says(string dataCode, string envelopeCode, PaymentStatus expected)
    {
        var intent = await payments.CreateIntentAsync(PaymentProvider.Payos);
        var (function, _) = WebhookHarness.Create(payments.Address);
        var body = System.Text.Json.Nodes.JsonNode.Parse(WebhookHarness.PayOsBody(intent.ProviderOrderRef, intent.AmountVnd, $"FT-envelope-{dataCode}", code: dataCode))!;
        body["code"] = envelopeCode;
        body["success"] = envelopeCode == "00";

        var response = await WebhookHarness.InvokeAsync(function, WebhookHarness.HttpEvent("/webhooks/payos", body.ToJsonString()));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(expected, (await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId })).Status);
    }

    [Fact]
    public async Task Payment_service_down_asks_the_providers_to_retry()
    {
        var closedPort = new Uri($"http://127.0.0.1:{LocalInfrastructure.FreePort.Next()}");
        var (function, _) = WebhookHarness.Create(closedPort);

        var zalopay = await WebhookHarness.InvokeAsync(function,
            WebhookHarness.HttpEvent("/webhooks/zalopay", WebhookHarness.ZaloPayBody("261124_x", 5, 1000)));
        var payos = await WebhookHarness.InvokeAsync(function,
            WebhookHarness.HttpEvent("/webhooks/payos", WebhookHarness.PayOsBody("100001", 1000, "FT-x")));

        Assert.Equal(0, ReturnCode(zalopay));
        Assert.Equal(503, payos.StatusCode);
    }

    private static int ReturnCode(Common.ApiGatewayHttpResponse response)
    {
        using var body = JsonDocument.Parse(response.Body!);
        return body.RootElement.GetProperty("return_code").GetInt32();
    }
}
