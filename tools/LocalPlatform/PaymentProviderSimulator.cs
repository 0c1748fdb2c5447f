using System.Text.Json;
using TicketBottle.Functions.PaymentWebhooks;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// Plays the payment provider's side locally (demo, tests, load test): builds callbacks signed the way PayOS and
/// ZaloPay sign them, with the sandbox keys the local functions are configured with.
/// </summary>
public sealed class PaymentProviderSimulator(string payOsChecksumKey, string zaloPayKey2, long zaloPayAppId)
{
    public static PaymentProviderSimulator For(PlatformSettings settings) =>
        new(settings.PayOsChecksumKey, settings.ZaloPayKey2, long.Parse(settings.ZaloPayAppId));

    /// <summary>A PayOS payment webhook ("code" 00 = paid) for the order code the Payment service issued.</summary>
    public string PayOsWebhook(string orderCode, long amountVnd, string reference, bool paid = true)
    {
        var code = paid ? "00" : "01";
        var data = new Dictionary<string, object?>
        {
            ["orderCode"] = long.Parse(orderCode), ["amount"] = amountVnd, ["description"] = $"TB {orderCode}",
            ["accountNumber"] = "12345678", ["reference"] = reference,
            ["transactionDateTime"] = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm:ss"),
            ["currency"] = "VND", ["paymentLinkId"] = $"local-{orderCode}", ["code"] = code, ["desc"] = paid ? "success" : "failed",
            ["counterAccountBankId"] = null, ["counterAccountName"] = "NGUYEN VAN AN", ["virtualAccountName"] = "",
        };
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(data));
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["code"] = code, ["desc"] = paid ? "success" : "failed", ["success"] = paid, ["data"] = data,
            ["signature"] = WebhookSignatures.PayOsSignature(payOsChecksumKey, document.RootElement),
        });
    }

    /// <summary>A ZaloPay callback for the app_trans_id the Payment service issued.</summary>
    public string ZaloPayCallback(string appTransId, long zpTransId, long amountVnd)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var data = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["app_id"] = zaloPayAppId, ["app_trans_id"] = appTransId, ["app_time"] = now, ["app_user"] = "ticketbottle",
            ["amount"] = amountVnd, ["embed_data"] = "{}", ["item"] = "[]", ["zp_trans_id"] = zpTransId,
            ["server_time"] = now, ["channel"] = 38, ["merchant_user_id"] = "local", ["user_fee_amount"] = 0, ["discount_amount"] = 0,
        });
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["data"] = data, ["mac"] = WebhookSignatures.ZaloPayMac(zaloPayKey2, data), ["type"] = 1,
        });
    }
}
