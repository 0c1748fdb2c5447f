using TicketBottle.Contracts.ProviderSignatures;
using TicketBottle.ServiceIdentity;
using TicketBottle.LocalInfrastructure;
using System.Text;
using System.Text.Json;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Serilog;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Functions.Common;

namespace TicketBottle.Functions.PaymentWebhooks.Tests;

/// <summary>Builds the real handler against a Payment service address and invokes it the way the Lambda runtime does.</summary>
public static class WebhookHarness
{
    // The sandbox keys in samconfig.toml and README; the committed sample events are signed with them.
    public const string ZaloPayKey2 = "tb-dev-zalopay-key2-0123456789ab";
    public const long ZaloPayAppId = 2553;
    public const string PayOsChecksumKey = "tb-dev-payos-checksum-0123456789abcdef0123456789abcdef";

    public static WebhookOptions Options(Uri paymentService) => new()
    {
        PaymentServiceUrl = paymentService.ToString(),
        ServiceIdentityKey = LocalServiceIdentities.PrivateKeyPem(Callers.PaymentWebhooks),
        ZaloPayAppId = ZaloPayAppId,
        ZaloPayKey2 = ZaloPayKey2,
        PayOsChecksumKey = PayOsChecksumKey,
        ConfirmDeadline = TimeSpan.FromSeconds(5),
    };

    public static (PaymentWebhooksFunction Function, Testing.GrpcCallCounter Counter) Create(Uri paymentService)
    {
        var counter = new Testing.GrpcCallCounter();
        var channel = GrpcChannel.ForAddress(paymentService);
        var client = new PaymentService.PaymentServiceClient(channel.Intercept(counter).Intercept(new ServiceIdentityInterceptor(LocalServiceIdentities.Issuer(Callers.PaymentWebhooks))));
        var logger = new LoggerConfiguration().CreateLogger();
        return (new PaymentWebhooksFunction(Options(paymentService), client, logger), counter);
    }

    public static async Task<ApiGatewayHttpResponse> InvokeAsync(PaymentWebhooksFunction function, string eventJson)
    {
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(eventJson));
        await using var output = await function.HandleAsync(input);
        return (await JsonSerializer.DeserializeAsync(output, FunctionJsonContext.Default.ApiGatewayHttpResponse))!;
    }

    public static string HttpEvent(string path, string body, string method = "POST", bool base64 = false) =>
        JsonSerializer.Serialize(new ApiGatewayHttpRequest
        {
            Version = "2.0",
            RouteKey = $"{method} {path}",
            RawPath = path,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            RequestContext = new ApiGatewayRequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Http = new ApiGatewayHttpDescription { Method = method, Path = path, SourceIp = "127.0.0.1" },
            },
            Body = base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body,
            IsBase64Encoded = base64,
        }, FunctionJsonContext.Default.ApiGatewayHttpRequest);

    public static string ZaloPayBody(string appTransId, long zpTransId, long amount, string? key2 = null, long appId = ZaloPayAppId)
    {
        var data = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["app_id"] = appId, ["app_trans_id"] = appTransId, ["app_time"] = 1795515200000, ["app_user"] = "ticketbottle",
            ["amount"] = amount, ["embed_data"] = "{}", ["item"] = "[]", ["zp_trans_id"] = zpTransId,
            ["server_time"] = 1795515290000, ["channel"] = 38, ["merchant_user_id"] = "u1", ["user_fee_amount"] = 0, ["discount_amount"] = 0,
        });
        var mac = ZaloPayMac.ForCallback(key2 ?? ZaloPayKey2, data);
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["data"] = data, ["mac"] = mac, ["type"] = 1 });
    }

    public static string PayOsBody(string orderCode, long amount, string reference, string code = "00", string? checksumKey = null)
    {
        var data = new Dictionary<string, object?>
        {
            ["orderCode"] = long.Parse(orderCode), ["amount"] = amount, ["description"] = $"TB {orderCode}",
            ["accountNumber"] = "12345678", ["reference"] = reference, ["transactionDateTime"] = "2026-11-24 17:15:00",
            ["currency"] = "VND", ["paymentLinkId"] = "link-1", ["code"] = code, ["desc"] = code == "00" ? "success" : "failed",
            ["counterAccountBankId"] = null, ["counterAccountName"] = "NGUYEN THI HONG NHUNG", ["virtualAccountName"] = "",
        };
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(data));
        var signature = PayOsSignature.ForData(checksumKey ?? PayOsChecksumKey, document.RootElement);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["code"] = code, ["desc"] = "success", ["success"] = code == "00", ["data"] = data, ["signature"] = signature,
        });
    }
}
