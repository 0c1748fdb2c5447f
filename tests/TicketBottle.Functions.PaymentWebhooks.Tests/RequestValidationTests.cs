using TicketBottle.Contracts.ProviderSignatures;
using System.Text;
using System.Text.Json;

namespace TicketBottle.Functions.PaymentWebhooks.Tests;

/// <summary>Bad requests get a clear 4xx and never reach the Payment service (here: an address nobody listens on).</summary>
public sealed class RequestValidationTests
{
    private readonly PaymentWebhooksFunction _function;
    private readonly Testing.GrpcCallCounter _downstream;

    public RequestValidationTests() =>
        (_function, _downstream) = WebhookHarness.Create(new Uri($"http://127.0.0.1:{LocalInfrastructure.FreePort.Next()}"));

    public static TheoryData<string, string, string, int> BadRequests() => new()
    {
        { "GET", "/webhooks/payos", "", 405 },
        { "PUT", "/webhooks/zalopay", "{}", 405 },
        { "POST", "/webhooks/stripe", "{}", 404 },
        { "POST", "/webhooks/payos", "{not json", 400 },
        { "POST", "/webhooks/zalopay", "[1,2,3]", 400 },
        { "POST", "/webhooks/zalopay", """{"mac":"abc"}""", 400 },
        { "POST", "/webhooks/payos", """{"data":{"orderCode":1}}""", 400 },
        { "POST", "/webhooks/payos", """{"data":"text","signature":"00"}""", 400 },
        { "POST", "/webhooks/payos", new string('x', 70_000), 413 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_request_is_a_clear_4xx_without_a_downstream_call(string method, string path, string body, int expectedStatus)
    {
        var response = await WebhookHarness.InvokeAsync(_function, WebhookHarness.HttpEvent(path, body, method));

        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers!["content-type"]);
        using var problem = JsonDocument.Parse(response.Body!);
        Assert.Equal(expectedStatus, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(0, _downstream.Calls);
    }

    [Fact]
    public async Task Invocation_that_is_not_an_http_event_is_a_400()
    {
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes("this is not json"));
        await using var output = await _function.HandleAsync(input);
        using var response = await JsonDocument.ParseAsync(output);

        Assert.Equal(400, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal(0, _downstream.Calls);
    }

    [Fact]
    public async Task Signed_data_that_is_not_json_is_rejected_after_the_mac_check()
    {
        var data = "not-json";
        var body = JsonSerializer.Serialize(new { data, mac = ZaloPayMac.ForCallback(WebhookHarness.ZaloPayKey2, data), type = 1 });

        var response = await WebhookHarness.InvokeAsync(_function, WebhookHarness.HttpEvent("/webhooks/zalopay", body));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(0, _downstream.Calls);
    }

    [Fact]
    public async Task Callback_for_another_zalopay_app_is_rejected()
    {
        var response = await WebhookHarness.InvokeAsync(_function, WebhookHarness.HttpEvent("/webhooks/zalopay",
            WebhookHarness.ZaloPayBody("261124_abc", 1, 1000, appId: 9999)));

        using var body = JsonDocument.Parse(response.Body!);
        Assert.Equal(-1, body.RootElement.GetProperty("return_code").GetInt32());
        Assert.Equal(0, _downstream.Calls);
    }

    [Fact]
    public async Task Base64_encoded_body_is_decoded_before_verification()
    {
        var response = await WebhookHarness.InvokeAsync(_function, WebhookHarness.HttpEvent("/webhooks/payos",
            WebhookHarness.PayOsBody("100001", 1000, "FT-b64", checksumKey: "wrong-key"), base64: true));

        // Decoded and verified: a wrong signature is a 401, not a 400 for an unreadable body.
        Assert.Equal(401, response.StatusCode);
        Assert.Equal(0, _downstream.Calls);
    }
}
