using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TicketBottle.Contracts.ProviderSignatures;

namespace TicketBottle.ProviderSandbox;

/// <summary>PayOS's merchant API v2: answers {code, desc, data, signature}, code "00" = success, data signed with the checksum key.</summary>
internal static class PayOsApi
{
    public const string Name = "payos";
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static void Map(WebApplication app, PaymentProviderSandbox sandbox)
    {
        app.MapPost("/v2/payment-requests", async (HttpContext context) =>
        {
            if (!Authorized(context, sandbox))
            {
                return Results.Json(new { code = "401", desc = "Unauthorized: x-client-id / x-api-key" }, statusCode: 401);
            }

            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            if (body is null || body["orderCode"] is null || body["amount"] is null || body["description"] is null ||
                body["returnUrl"] is null || body["cancelUrl"] is null || body["signature"] is null)
            {
                return Refused("20", "orderCode, amount, description, returnUrl, cancelUrl and signature are required");
            }

            var orderCode = body["orderCode"]!.GetValue<long>();
            var amount = body["amount"]!.GetValue<long>();
            var description = body["description"]!.GetValue<string>();
            var returnUrl = body["returnUrl"]!.GetValue<string>();
            var cancelUrl = body["cancelUrl"]!.GetValue<string>();
            // Recomputed from the fields as received, as PayOS does.
            var expected = Hmac.Hex(sandbox.Credentials.PayOsChecksumKey,
                $"amount={amount}&cancelUrl={cancelUrl}&description={description}&orderCode={orderCode}&returnUrl={returnUrl}");
            if (!Hmac.HexEquals(expected, body["signature"]!.GetValue<string>()))
            {
                return Refused("20", "Chữ ký không hợp lệ (signature does not match)");
            }

            if (description.Length > 25 || amount <= 0)
            {
                return Refused("20", "description must be at most 25 characters and amount positive");
            }

            var now = sandbox.Clock.GetUtcNow();
            var expiresAt = body["expiredAt"] is { } expiredAt ? DateTimeOffset.FromUnixTimeSeconds(expiredAt.GetValue<long>()) : now.AddDays(1);
            var linkId = Guid.NewGuid().ToString("N");
            var checkout = new SandboxCheckout
            {
                Provider = Name, OrderRef = orderCode.ToString(CultureInfo.InvariantCulture), CheckoutId = linkId, AmountVnd = amount,
                Description = description, CreatedAt = now, ExpiresAt = expiresAt, ReturnUrl = new Uri(returnUrl), CancelUrl = new Uri(cancelUrl),
            };
            if (!sandbox.TryAdd(checkout))
            {
                return Refused("231", "Đơn thanh toán đã tồn tại");
            }

            return Answer(sandbox, new JsonObject
            {
                ["bin"] = "970422", ["accountNumber"] = "0000123456789", ["accountName"] = "TICKETBOTTLE SANDBOX", ["amount"] = amount,
                ["description"] = description, ["orderCode"] = orderCode, ["currency"] = "VND", ["paymentLinkId"] = linkId,
                ["status"] = "PENDING", ["expiredAt"] = expiresAt.ToUnixTimeSeconds(),
                ["checkoutUrl"] = new Uri(sandbox.BaseUrl, $"payos/web/{linkId}").ToString(),
                ["qrCode"] = VietQr(amount, description),
            });
        });

        app.MapGet("/v2/payment-requests/{id}", (HttpContext context, string id) =>
            !Authorized(context, sandbox) ? Results.StatusCode(401)
            : sandbox.Find(Name, id) is { } checkout ? Answer(sandbox, LinkInformation(checkout, sandbox.Clock.GetUtcNow()))
            : Refused("101", "Không tìm thấy đơn thanh toán (payment link not found)"));

        app.MapPost("/v2/payment-requests/{id}/cancel", async (HttpContext context, string id) =>
        {
            if (!Authorized(context, sandbox))
            {
                return Results.StatusCode(401);
            }

            var reason = (await JsonNode.ParseAsync(context.Request.Body))?["cancellationReason"]?.GetValue<string>();
            if (sandbox.Find(Name, id) is not { } checkout)
            {
                return Refused("101", "payment link not found");
            }

            var now = sandbox.Clock.GetUtcNow();
            lock (checkout)
            {
                if (checkout.StatusAt(now) != "PENDING")
                {
                    return Refused("20", $"payment link is {checkout.StatusAt(now)}");
                }

                checkout.Status = "CANCELLED";
                checkout.CancellationReason = reason;
                checkout.CancelledAt = now;
            }

            return Answer(sandbox, LinkInformation(checkout, now));
        });
    }

    /// <summary>The webhook PayOS posts for a payment: data signed like every answer.</summary>
    public static JsonObject Webhook(PaymentProviderSandbox sandbox, SandboxCheckout checkout, SandboxPayment payment)
    {
        var data = new JsonObject
        {
            ["orderCode"] = long.Parse(checkout.OrderRef, CultureInfo.InvariantCulture), ["amount"] = payment.AmountVnd,
            ["description"] = checkout.Description, ["accountNumber"] = "0000123456789", ["reference"] = payment.TransactionId,
            ["transactionDateTime"] = PayOsTime.Format(payment.PaidAt), ["currency"] = "VND", ["paymentLinkId"] = checkout.CheckoutId,
            ["code"] = "00", ["desc"] = "success", ["counterAccountBankId"] = null, ["counterAccountBankName"] = null,
            ["counterAccountName"] = "NGUYEN VAN AN", ["counterAccountNumber"] = "190000000001", ["virtualAccountName"] = null,
            ["virtualAccountNumber"] = null,
        };
        return new JsonObject
        {
            ["code"] = "00", ["desc"] = "success", ["success"] = true, ["data"] = data, ["signature"] = Sign(sandbox, data),
        };
    }

    private static JsonObject LinkInformation(SandboxCheckout checkout, DateTimeOffset now)
    {
        lock (checkout)
        {
            return new JsonObject
            {
                ["id"] = checkout.CheckoutId, ["orderCode"] = long.Parse(checkout.OrderRef, CultureInfo.InvariantCulture),
                ["amount"] = checkout.AmountVnd, ["amountPaid"] = checkout.AmountPaid,
                ["amountRemaining"] = Math.Max(0, checkout.AmountVnd - checkout.AmountPaid), ["status"] = checkout.StatusAt(now),
                ["createdAt"] = checkout.CreatedAt.ToOffset(VietnamOffset).ToString("O", CultureInfo.InvariantCulture),
                ["transactions"] = new JsonArray(checkout.Payments.Select(p => (JsonNode)new JsonObject
                {
                    ["reference"] = p.TransactionId, ["amount"] = p.AmountVnd, ["accountNumber"] = "0000123456789",
                    ["description"] = checkout.Description, ["transactionDateTime"] = PayOsTime.Format(p.PaidAt),
                    ["virtualAccountName"] = null, ["virtualAccountNumber"] = null, ["counterAccountBankId"] = null,
                    ["counterAccountBankName"] = null, ["counterAccountName"] = null, ["counterAccountNumber"] = null,
                }).ToArray()),
                ["cancellationReason"] = checkout.CancellationReason,
                ["canceledAt"] = checkout.CancelledAt?.ToOffset(VietnamOffset).ToString("O", CultureInfo.InvariantCulture),
            };
        }
    }

    /// <summary>An EMVCo VietQR-shaped payload; enough for a banking app's scanner in a demo, not a real account.</summary>
    private static string VietQr(long amount, string description) =>
        $"00020101021238570010A000000727012700069704220113000012345678902080QRIBFTTA530370454{amount.ToString(CultureInfo.InvariantCulture).Length:D2}{amount}5802VN62{description.Length + 4:D2}08{description.Length:D2}{description}6304";

    private static bool Authorized(HttpContext context, PaymentProviderSandbox sandbox) =>
        context.Request.Headers["x-client-id"] == sandbox.Credentials.PayOsClientId &&
        context.Request.Headers["x-api-key"] == sandbox.Credentials.PayOsApiKey;

    private static IResult Answer(PaymentProviderSandbox sandbox, JsonObject data) =>
        Results.Json(new JsonObject { ["code"] = "00", ["desc"] = "success", ["data"] = data, ["signature"] = Sign(sandbox, data) });

    private static IResult Refused(string code, string desc) => Results.Json(new { code, desc, data = (object?)null });

    private static string Sign(PaymentProviderSandbox sandbox, JsonObject data)
    {
        using var document = JsonDocument.Parse(data.ToJsonString());
        return PayOsSignature.ForData(sandbox.Credentials.PayOsChecksumKey, document.RootElement);
    }
}
