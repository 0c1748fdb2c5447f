using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.ProviderSignatures;

namespace TicketBottle.Payment.Providers;

/// <summary>
/// PayOS merchant API v2, as its official Node SDK calls it: x-client-id / x-api-key headers, the payment request
/// signed over five fields, every answer's data checked against its signature. PayOS has no refund API.
/// </summary>
public sealed class PayOsClient(HttpClient http, IOptions<PayOsOptions> options) : IPaymentProvider
{
    /// <summary>PayOS's code for "an order with this orderCode already exists".</summary>
    private const string OrderCodeExists = "231";
    private const int MaxDescriptionLength = 25;

    public string Name => ProviderNames.PayOs;

    public bool RefundsByApi => false;

    public async Task<Checkout> CreateCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var orderCode = long.Parse(request.ProviderOrderRef, CultureInfo.InvariantCulture);
        // The description lands in the bank transfer's memo, which PayOS limits to 25 characters.
        var description = $"TB {orderCode}";
        var body = new JsonObject
        {
            ["orderCode"] = orderCode,
            ["amount"] = request.AmountVnd,
            ["description"] = description[..Math.Min(description.Length, MaxDescriptionLength)],
            ["cancelUrl"] = request.CancelUrl.ToString(),
            ["returnUrl"] = request.ReturnUrl.ToString(),
            ["expiredAt"] = request.ExpiresAt.ToUnixTimeSeconds(),
            ["items"] = new JsonArray(request.Items.Select(i => (JsonNode)new JsonObject
            {
                ["name"] = i.Name, ["quantity"] = i.Quantity, ["price"] = i.PriceVnd,
            }).ToArray()),
            ["buyerName"] = request.BuyerName,
            ["buyerEmail"] = request.BuyerEmail,
        };
        body["signature"] = PayOsSignature.ForPaymentRequest(settings.ChecksumKey, request.AmountVnd, request.CancelUrl.ToString(),
            body["description"]!.GetValue<string>(), orderCode, request.ReturnUrl.ToString());

        using var answer = await SendAsync(HttpMethod.Post, "/v2/payment-requests", body, cancellationToken);
        var data = answer.RootElement.GetProperty("data");
        return new Checkout(data.GetProperty("checkoutUrl").GetString()!, data.GetProperty("qrCode").GetString(),
            data.GetProperty("paymentLinkId").GetString()!);
    }

    public async Task<ProviderPaymentStatus> QueryAsync(PaymentIntentRecord intent, CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(HttpMethod.Get, $"/v2/payment-requests/{intent.ProviderOrderRef}", null, cancellationToken);
        var data = answer.RootElement.GetProperty("data");
        var state = data.GetProperty("status").GetString() switch
        {
            "PAID" => ProviderPaymentState.Paid,
            "CANCELLED" or "EXPIRED" or "FAILED" => ProviderPaymentState.Closed,
            _ => ProviderPaymentState.Pending, // PENDING, PROCESSING, UNDERPAID (its transactions are still listed)
        };
        var transactions = data.TryGetProperty("transactions", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(t => new ProviderTransaction(t.GetProperty("reference").GetString()!,
                t.GetProperty("amount").GetInt64(), PayOsTime.Parse(t.GetProperty("transactionDateTime").GetString()))).ToList()
            : [];
        return new ProviderPaymentStatus(state, transactions, data.GetRawText());
    }

    public async Task<bool> CancelCheckoutAsync(PaymentIntentRecord intent, string reason, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Post, $"/v2/payment-requests/{intent.ProviderOrderRef}/cancel",
            new JsonObject { ["cancellationReason"] = reason }, cancellationToken);
        return true;
    }

    public string? RefundRefFor(Guid refundId, DateTimeOffset now) => null;

    public Task<RefundProgress> RefundAsync(RefundRecord refund, CancellationToken cancellationToken) =>
        throw new NotSupportedException("PayOS has no refund API; PayOS refunds are completed by an operator.");

    public Task<RefundProgress> QueryRefundAsync(RefundRecord refund, CancellationToken cancellationToken) =>
        throw new NotSupportedException("PayOS has no refund API; PayOS refunds are completed by an operator.");

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(method, new Uri(settings.BaseUrl, path));
        request.Headers.Add("x-client-id", settings.ClientId);
        request.Headers.Add("x-api-key", settings.ApiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var answer = await ProviderHttp.SendAsync(http, request, "PayOS", cancellationToken);
        var root = answer.RootElement;
        var code = root.TryGetProperty("code", out var c) ? c.ToString() : "";
        if (code != "00" || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            var desc = root.TryGetProperty("desc", out var d) ? d.ToString() : "no description";
            answer.Dispose();
            throw code == OrderCodeExists
                ? new CheckoutExistsException($"PayOS already has this orderCode: {desc}")
                : new ProviderException(StatusCode.FailedPrecondition, $"PayOS refused: {desc} (code {code})");
        }

        // As the SDK: an answer whose data does not match its signature is not believed.
        if (!root.TryGetProperty("signature", out var signature) ||
            !Hmac.HexEquals(PayOsSignature.ForData(settings.ChecksumKey, data), signature.GetString()))
        {
            answer.Dispose();
            throw new ProviderException(StatusCode.Internal, "PayOS's answer failed its signature check (wrong checksum key, or tampered with).");
        }

        return answer;
    }
}
