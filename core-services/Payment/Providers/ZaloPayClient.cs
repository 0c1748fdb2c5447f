using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.ProviderSignatures;

namespace TicketBottle.Payment.Providers;

/// <summary>
/// ZaloPay merchant API v2 (form-encoded requests, each with a key1 MAC; JSON answers with return_code 1 = success,
/// 2 = failed, 3 = processing). ZaloPay has no cancel: the order's expiry is set at creation.
/// </summary>
public sealed class ZaloPayClient(HttpClient http, IOptions<ZaloPayOptions> options, TimeProvider clock) : IPaymentProvider
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public string Name => ProviderNames.ZaloPay;

    public bool RefundsByApi => true;

    public async Task<Checkout> CreateCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var appTime = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var embedData = JsonSerializer.Serialize(new Dictionary<string, string> { ["redirecturl"] = request.ReturnUrl.ToString() });
        var item = JsonSerializer.Serialize(request.Items.Select(i => new Dictionary<string, object>
        {
            ["itemname"] = i.Name, ["itemquantity"] = i.Quantity, ["itemprice"] = i.PriceVnd,
        }));
        var expireSeconds = (long)Math.Max(1, (request.ExpiresAt - clock.GetUtcNow()).TotalSeconds);
        var fields = new Dictionary<string, string>
        {
            ["app_id"] = Text(settings.AppId),
            ["app_user"] = settings.AppUser,
            ["app_trans_id"] = request.ProviderOrderRef,
            ["app_time"] = Text(appTime),
            ["amount"] = Text(request.AmountVnd),
            ["item"] = item,
            ["embed_data"] = embedData,
            ["description"] = request.Description,
            ["bank_code"] = "",
            ["callback_url"] = settings.CallbackUrl?.ToString() ?? "",
            ["expire_duration_seconds"] = Text(expireSeconds),
            ["mac"] = ZaloPayMac.ForCreate(settings.Key1, settings.AppId, request.ProviderOrderRef, settings.AppUser, request.AmountVnd,
                appTime, embedData, item),
        };

        using var answer = await PostAsync("/v2/create", fields, cancellationToken);
        var root = answer.RootElement;
        if (ReturnCode(root) != 1)
        {
            throw new ProviderException(StatusCode.FailedPrecondition, $"ZaloPay refused the order: {Message(root)}");
        }

        return new Checkout(root.GetProperty("order_url").GetString()!, null, root.GetProperty("zp_trans_token").GetString()!);
    }

    public async Task<ProviderPaymentStatus> QueryAsync(PaymentIntentRecord intent, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var answer = await PostAsync("/v2/query", new Dictionary<string, string>
        {
            ["app_id"] = Text(settings.AppId),
            ["app_trans_id"] = intent.ProviderOrderRef,
            ["mac"] = ZaloPayMac.ForQuery(settings.Key1, settings.AppId, intent.ProviderOrderRef),
        }, cancellationToken);
        var root = answer.RootElement;
        var raw = root.GetRawText();
        return ReturnCode(root) switch
        {
            1 => new ProviderPaymentStatus(ProviderPaymentState.Paid,
                [new ProviderTransaction(root.GetProperty("zp_trans_id").ToString(), root.GetProperty("amount").GetInt64(),
                    root.TryGetProperty("server_time", out var time) ? DateTimeOffset.FromUnixTimeMilliseconds(time.GetInt64()) : null)], raw),
            // 2 = failed; it also answers 2 for an order that was never paid and has expired.
            2 => new ProviderPaymentStatus(ProviderPaymentState.Closed, [], raw),
            _ => new ProviderPaymentStatus(ProviderPaymentState.Pending, [], raw),
        };
    }

    public Task<bool> CancelCheckoutAsync(PaymentIntentRecord intent, string reason, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    public async Task<RefundProgress> RefundAsync(RefundRecord refund, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var description = $"TicketBottle refund: {refund.Reason.Replace('_', ' ')}";
        using var answer = await PostAsync("/v2/refund", new Dictionary<string, string>
        {
            ["app_id"] = Text(settings.AppId),
            ["m_refund_id"] = refund.ProviderRefundRef!,
            ["zp_trans_id"] = refund.ProviderTransactionId,
            ["amount"] = Text(refund.AmountVnd),
            ["timestamp"] = Text(timestamp),
            ["description"] = description,
            ["mac"] = ZaloPayMac.ForRefund(settings.Key1, settings.AppId, refund.ProviderTransactionId, refund.AmountVnd, description, timestamp),
        }, cancellationToken);
        return new RefundProgress(Outcome(ReturnCode(answer.RootElement)), Message(answer.RootElement));
    }

    public async Task<RefundProgress> QueryRefundAsync(RefundRecord refund, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using var answer = await PostAsync("/v2/query_refund", new Dictionary<string, string>
        {
            ["app_id"] = Text(settings.AppId),
            ["m_refund_id"] = refund.ProviderRefundRef!,
            ["timestamp"] = Text(timestamp),
            ["mac"] = ZaloPayMac.ForRefundQuery(settings.Key1, settings.AppId, refund.ProviderRefundRef!, timestamp),
        }, cancellationToken);
        return new RefundProgress(Outcome(ReturnCode(answer.RootElement)), Message(answer.RootElement));
    }

    /// <summary>ZaloPay's m_refund_id: yymmdd (Vietnam date) _ app id _ our unique part.</summary>
    public string? RefundRefFor(Guid refundId, DateTimeOffset now) =>
        $"{now.ToOffset(VietnamOffset):yyMMdd}_{options.Value.AppId}_{refundId:N}";

    private static RefundOutcome Outcome(int returnCode) => returnCode switch
    {
        1 => RefundOutcome.Succeeded,
        3 => RefundOutcome.Processing,
        _ => RefundOutcome.Failed,
    };

    private async Task<JsonDocument> PostAsync(string path, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.BaseUrl, path))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        return await ProviderHttp.SendAsync(http, request, "ZaloPay", cancellationToken);
    }

    private static int ReturnCode(JsonElement root) =>
        root.TryGetProperty("return_code", out var code) && code.TryGetInt32(out var value) ? value : 0;

    private static string Message(JsonElement root) =>
        string.Join(": ", new[] { "return_message", "sub_return_message" }
            .Select(name => root.TryGetProperty(name, out var m) ? m.ToString() : "").Where(m => m.Length > 0));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
