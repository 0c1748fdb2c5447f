using System.Text.Json;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Functions.PaymentWebhooks.Tests;

/// <summary>
/// Every webhook sample under events/ (the files `sam local invoke -e` takes) goes through the real handler into the
/// real Payment service. The PayOS sample carries orderCode 100000, the first PayOS reference a fresh database hands
/// out, so on a fresh local stack it confirms a real payment; the ZaloPay sample's app_trans_id is not ours.
/// </summary>
public sealed class SampleEventTests(PaymentServiceFixture payments) : IClassFixture<PaymentServiceFixture>
{
    public static TheoryData<string> WebhookSamples() => new(WebhookSampleNames());

    private static IEnumerable<string> WebhookSampleNames() =>
        Directory.GetFiles(RepositoryPaths.Events, "*.json").Select(Path.GetFileName).Order()
            .Where(name => name!.StartsWith("zalopay", StringComparison.Ordinal) || name.StartsWith("payos", StringComparison.Ordinal))
            .Select(name => name!);

    [Fact]
    public void Every_sample_event_is_covered()
    {
        var all = Directory.GetFiles(RepositoryPaths.Events, "*.json").Select(Path.GetFileName);
        var webhookSamples = WebhookSampleNames().ToHashSet();

        Assert.Equal(4, webhookSamples.Count);
        Assert.All(all.Where(n => n!.Contains("webhook") || n.Contains("callback")), n => Assert.Contains(n!, webhookSamples));
    }

    [Theory]
    [MemberData(nameof(WebhookSamples))]
    public async Task Sample_event_gets_the_documented_answer(string fileName)
    {
        var (function, downstream) = WebhookHarness.Create(payments.Address);
        PaymentIntent? intent = null;
        if (fileName == "payos-webhook.json")
        {
            intent = await payments.CreateIntentAsync(PaymentProvider.Payos);
            Assert.Equal("100000", intent.ProviderOrderRef);
        }

        var response = await WebhookHarness.InvokeAsync(function, await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, fileName)));
        using var body = JsonDocument.Parse(response.Body!);

        switch (fileName)
        {
            case "zalopay-callback.json":
                Assert.Equal(200, response.StatusCode);
                Assert.Equal(-1, body.RootElement.GetProperty("return_code").GetInt32());
                Assert.Equal("unknown order", body.RootElement.GetProperty("return_message").GetString());
                Assert.Equal(1, downstream.Calls);
                break;
            case "zalopay-callback-bad-mac.json":
                Assert.Equal(200, response.StatusCode);
                Assert.Equal(-1, body.RootElement.GetProperty("return_code").GetInt32());
                Assert.Equal("mac not equal", body.RootElement.GetProperty("return_message").GetString());
                Assert.Equal(0, downstream.Calls);
                break;
            case "payos-webhook.json":
                Assert.Equal(200, response.StatusCode);
                Assert.True(body.RootElement.GetProperty("success").GetBoolean());
                var payment = await payments.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent!.PaymentId });
                Assert.Equal(PaymentStatus.Succeeded, payment.Status);
                Assert.Equal("FT26328000000001", payment.ProviderTransactionId);
                break;
            case "payos-webhook-bad-signature.json":
                Assert.Equal(401, response.StatusCode);
                Assert.Equal("application/problem+json", response.Headers!["content-type"]);
                Assert.Equal(0, downstream.Calls);
                break;
            default:
                Assert.Fail($"No expectation for sample {fileName}; add one here.");
                break;
        }
    }
}
