using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TicketBottle.Contracts.ProviderSignatures;

namespace TicketBottle.ProviderSandbox;

/// <summary>ZaloPay's merchant API v2: form-encoded requests with a key1 MAC; return_code 1 = success, 2 = failed, 3 = processing.</summary>
internal static class ZaloPayApi
{
    public const string Name = "zalopay";

    public static void Map(WebApplication app, PaymentProviderSandbox sandbox)
    {
        var credentials = sandbox.Credentials;
        app.MapPost("/v2/create", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            string F(string name) => form[name].ToString();
            if (!long.TryParse(F("app_id"), out var appId) || appId != credentials.ZaloPayAppId ||
                !long.TryParse(F("amount"), out var amount) || !long.TryParse(F("app_time"), out var appTime))
            {
                return Failed(-2, "app_id, amount and app_time are required numbers (app_id must be ours)");
            }

            var mac = ZaloPayMac.ForCreate(credentials.ZaloPayKey1, appId, F("app_trans_id"), F("app_user"), amount, appTime, F("embed_data"), F("item"));
            if (!Hmac.HexEquals(mac, F("mac")))
            {
                return Failed(-402, "Xác thực mac thất bại (mac does not match)");
            }

            var now = sandbox.Clock.GetUtcNow();
            var redirect = JsonDocument.Parse(F("embed_data")).RootElement.TryGetProperty("redirecturl", out var r) ? r.GetString() : null;
            var expireSeconds = long.TryParse(F("expire_duration_seconds"), out var seconds) ? seconds : 900;
            var token = Guid.NewGuid().ToString("N");
            var checkout = new SandboxCheckout
            {
                Provider = Name, OrderRef = F("app_trans_id"), CheckoutId = token, AmountVnd = amount, Description = F("description"),
                CreatedAt = now, ExpiresAt = now.AddSeconds(expireSeconds), ReturnUrl = new Uri(redirect ?? "http://localhost/"),
                CallbackUrl = Uri.TryCreate(F("callback_url"), UriKind.Absolute, out var callback) ? callback : null,
            };
            if (!sandbox.TryAdd(checkout))
            {
                return Failed(-68, "Mã giao dịch bị trùng (duplicate app_trans_id)");
            }

            var orderUrl = new Uri(sandbox.BaseUrl, $"zalopay/pay/{token}").ToString();
            return Results.Json(new Dictionary<string, object>
            {
                ["return_code"] = 1, ["return_message"] = "Giao dịch thành công", ["sub_return_code"] = 1,
                ["sub_return_message"] = "Giao dịch thành công", ["zp_trans_token"] = token, ["order_url"] = orderUrl,
                ["order_token"] = token, ["qr_code"] = orderUrl,
            });
        });

        app.MapPost("/v2/query", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var appTransId = form["app_trans_id"].ToString();
            if (!Hmac.HexEquals(ZaloPayMac.ForQuery(credentials.ZaloPayKey1, credentials.ZaloPayAppId, appTransId), form["mac"].ToString()))
            {
                return Failed(-402, "mac does not match");
            }

            if (sandbox.Find(Name, appTransId) is not { } checkout)
            {
                return Failed(-92, "app_trans_id not found");
            }

            var now = sandbox.Clock.GetUtcNow();
            lock (checkout)
            {
                var first = checkout.Payments.FirstOrDefault();
                var code = first is not null ? 1 : checkout.StatusAt(now) == "PENDING" ? 3 : 2;
                return Results.Json(new Dictionary<string, object?>
                {
                    ["return_code"] = code, ["return_message"] = code switch { 1 => "Giao dịch thành công", 2 => "Giao dịch thất bại", _ => "Giao dịch chưa thực hiện" },
                    ["sub_return_code"] = code, ["is_processing"] = code == 3, ["amount"] = first?.AmountVnd ?? checkout.AmountVnd,
                    ["zp_trans_id"] = first is null ? 0 : long.Parse(first.TransactionId, CultureInfo.InvariantCulture),
                    ["server_time"] = (first?.PaidAt ?? now).ToUnixTimeMilliseconds(), ["discount_amount"] = 0,
                });
            }
        });

        app.MapPost("/v2/refund", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            string F(string name) => form[name].ToString();
            if (!long.TryParse(F("amount"), out var amount) || !long.TryParse(F("timestamp"), out var timestamp))
            {
                return Failed(-2, "amount and timestamp are required numbers");
            }

            var mac = ZaloPayMac.ForRefund(credentials.ZaloPayKey1, credentials.ZaloPayAppId, F("zp_trans_id"), amount, F("description"), timestamp);
            if (!Hmac.HexEquals(mac, F("mac")))
            {
                return Failed(-402, "mac does not match");
            }

            var paid = sandbox.FindPayment(Name, F("zp_trans_id"));
            if (paid is null || amount > paid.AmountVnd)
            {
                return Failed(-101, "zp_trans_id not found or amount above what it paid");
            }

            // The same m_refund_id is the same refund: asking again never pays back twice.
            var refund = sandbox.GetOrAddRefund(new SandboxRefund { RefundRef = F("m_refund_id"), TransactionId = F("zp_trans_id"), AmountVnd = amount });
            return RefundAnswer(refund);
        });

        app.MapPost("/v2/query_refund", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var refundRef = form["m_refund_id"].ToString();
            if (!long.TryParse(form["timestamp"], out var timestamp) ||
                !Hmac.HexEquals(ZaloPayMac.ForRefundQuery(credentials.ZaloPayKey1, credentials.ZaloPayAppId, refundRef, timestamp), form["mac"].ToString()))
            {
                return Failed(-402, "mac does not match");
            }

            if (sandbox.FindRefund(refundRef) is not { } refund)
            {
                return Failed(-13, "m_refund_id not found");
            }

            // The bank takes a moment: processing when asked for, done by the next query.
            refund.Done = true;
            return RefundAnswer(refund);
        });
    }

    /// <summary>The callback ZaloPay posts for a payment: data as a JSON string, its MAC with key2.</summary>
    public static Dictionary<string, object> Callback(PaymentProviderSandbox sandbox, SandboxCheckout checkout, SandboxPayment payment)
    {
        var data = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["app_id"] = sandbox.Credentials.ZaloPayAppId, ["app_trans_id"] = checkout.OrderRef, ["app_time"] = checkout.CreatedAt.ToUnixTimeMilliseconds(),
            ["app_user"] = "ticketbottle", ["amount"] = payment.AmountVnd, ["embed_data"] = "{}", ["item"] = "[]",
            ["zp_trans_id"] = long.Parse(payment.TransactionId, CultureInfo.InvariantCulture), ["server_time"] = payment.PaidAt.ToUnixTimeMilliseconds(),
            ["channel"] = 38, ["merchant_user_id"] = "sandbox", ["user_fee_amount"] = 0, ["discount_amount"] = 0,
        });
        return new Dictionary<string, object> { ["data"] = data, ["mac"] = ZaloPayMac.ForCallback(sandbox.Credentials.ZaloPayKey2, data), ["type"] = 1 };
    }

    private static IResult RefundAnswer(SandboxRefund refund) => Results.Json(new Dictionary<string, object>
    {
        ["return_code"] = refund.Done ? 1 : 3, ["return_message"] = refund.Done ? "Hoàn tiền thành công" : "Đang xử lý hoàn tiền",
        ["sub_return_code"] = refund.Done ? 1 : 3, ["refund_id"] = Math.Abs(refund.RefundRef.GetHashCode()),
    });

    private static IResult Failed(int subReturnCode, string message) => Results.Json(new Dictionary<string, object>
    {
        ["return_code"] = 2, ["return_message"] = "Giao dịch thất bại", ["sub_return_code"] = subReturnCode, ["sub_return_message"] = message,
    });
}
