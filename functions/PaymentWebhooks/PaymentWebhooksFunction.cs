using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.ServiceIdentity;
using Serilog;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Logging;

namespace TicketBottle.Functions.PaymentWebhooks;

/// <summary>
/// API Gateway HTTP API (payload v2) → verify the provider's signature → Payment.ConfirmPayment over gRPC → answer
/// in the provider's format. Nothing reaches the Payment service unless the signature checked out.
/// </summary>
public sealed class PaymentWebhooksFunction
{
    private readonly WebhookOptions _options;
    private readonly PaymentService.PaymentServiceClient _payments;
    private readonly ILogger _logger;
    private readonly EmbeddedMetrics _metrics = new("payment-webhooks");

    /// <summary>Used by the Lambda runtime: once per container, so the gRPC channel and its connections are reused.</summary>
    public PaymentWebhooksFunction()
        : this(WebhookOptions.FromEnvironment(), null, null)
    {
    }

    public PaymentWebhooksFunction(WebhookOptions options, PaymentService.PaymentServiceClient? payments, ILogger? logger)
    {
        _options = options;
        _payments = payments ?? new PaymentService.PaymentServiceClient(new CoreServiceChannels(Callers.PaymentWebhooks, options.ServiceIdentityKey).For(options.PaymentServiceUrl));
        _logger = logger ?? JsonLogging.CreateLogger("payment-webhooks");
    }

    public Task<Stream> HandleAsync(Stream input) => LambdaStreams.HandleHttpAsync(input, async request =>
    {
        var response = await RouteAsync(request);
        // Applied or replayed (2xx), refused as bad or unsigned (4xx), not recorded because a dependency failed (5xx: the provider retries).
        _metrics.Count(new Dictionary<string, long>
        {
            ["WebhooksAccepted"] = response.StatusCode < 400 ? 1 : 0,
            ["WebhooksRejected"] = response.StatusCode is >= 400 and < 500 ? 1 : 0,
            ["WebhooksFailed"] = response.StatusCode >= 500 ? 1 : 0,
        });
        return response;
    });

    private async Task<ApiGatewayHttpResponse> RouteAsync(ApiGatewayHttpRequest request)
    {
        var log = _logger.ForContext("request_id", request.RequestId);
        var provider = request.RawPath?.TrimEnd('/') switch
        {
            "/webhooks/zalopay" => PaymentProvider.Zalopay,
            "/webhooks/payos" => PaymentProvider.Payos,
            _ => PaymentProvider.Unspecified,
        };
        if (provider == PaymentProvider.Unspecified)
        {
            return ApiGatewayHttpResponse.Problem(404, "Not found", $"No webhook at {request.RawPath}.");
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            var notAllowed = ApiGatewayHttpResponse.Problem(405, "Method not allowed", "Webhooks accept POST only.");
            notAllowed.Headers!["allow"] = "POST";
            return notAllowed;
        }

        var body = DecodeBody(request);
        if (body is null)
        {
            return ApiGatewayHttpResponse.Problem(400, "Bad request", "The body is not valid base64.");
        }

        if (Encoding.UTF8.GetByteCount(body) > _options.MaxBodyBytes)
        {
            return ApiGatewayHttpResponse.Problem(413, "Payload too large", $"Webhook bodies are limited to {_options.MaxBodyBytes} bytes.");
        }

        log = log.ForContext("provider", provider == PaymentProvider.Zalopay ? "zalopay" : "payos");
        var parsed = provider == PaymentProvider.Zalopay
            ? ProviderCallbackParsers.ParseZaloPay(body, _options)
            : ProviderCallbackParsers.ParsePayOs(body, _options);
        if (parsed.Status != ParseStatus.Ok)
        {
            log.Warning("Webhook rejected before forwarding: {ParseStatus} ({Detail})", parsed.Status, parsed.Detail);
            return provider == PaymentProvider.Zalopay ? ZaloPayRejection(parsed) : PayOsRejection(parsed);
        }

        var callback = parsed.Callback!;
        log = log.ForContext("provider_order_ref", callback.OrderRef).ForContext("provider_transaction_id", callback.TransactionId);
        var outcome = await ConfirmAsync(provider, callback, body, log);
        return provider == PaymentProvider.Zalopay ? ZaloPayAnswerFor(outcome) : PayOsAnswerFor(outcome);
    }

    private async Task<DownstreamOutcome> ConfirmAsync(PaymentProvider provider, VerifiedCallback callback, string body, ILogger log)
    {
        try
        {
            var response = await _payments.ConfirmPaymentAsync(new ConfirmPaymentRequest
            {
                Provider = provider,
                ProviderOrderRef = callback.OrderRef,
                ProviderTransactionId = callback.TransactionId,
                AmountVnd = callback.AmountVnd,
                Outcome = callback.Outcome,
                RawPayload = body,
                PaidAt = callback.PaidAt is { } paidAt ? Timestamp.FromDateTimeOffset(paidAt) : null,
            }, deadline: DateTime.UtcNow + _options.ConfirmDeadline);
            log.Information("Payment {PaymentId} for order {OrderId} is {PaymentStatus} (replayed {Replayed})",
                response.Payment.PaymentId, response.Payment.OrderId, response.Payment.Status, response.Replayed);
            return response.Replayed ? DownstreamOutcome.Replayed : DownstreamOutcome.Applied;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // Recorded by the Payment service (wrong amount, paid twice, paid too late): a person follows up; the
            // provider must not keep retrying.
            log.Warning("Payment service recorded but refused the callback: {Detail}", ex.Status.Detail);
            return DownstreamOutcome.Refused;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            log.Error("Callback does not match any payment we know: {StatusCode} {Detail}", ex.StatusCode, ex.Status.Detail);
            return DownstreamOutcome.Unknown;
        }
        catch (RpcException ex)
        {
            log.Error(ex, "Payment service unavailable ({StatusCode}); asking the provider to retry", ex.StatusCode);
            return DownstreamOutcome.Retry;
        }
    }

    private static string? DecodeBody(ApiGatewayHttpRequest request)
    {
        if (!request.IsBase64Encoded)
        {
            return request.Body ?? "";
        }

        var bytes = new byte[((request.Body?.Length ?? 0) * 3 / 4) + 3];
        return Convert.TryFromBase64String(request.Body ?? "", bytes, out var written)
            ? Encoding.UTF8.GetString(bytes, 0, written)
            : null;
    }

    private static ApiGatewayHttpResponse ZaloPayRejection(ParseResult parsed) => parsed.Status switch
    {
        ParseStatus.Malformed => ApiGatewayHttpResponse.Problem(400, "Bad request", parsed.Detail),
        _ => ZaloPay(-1, parsed.Detail),
    };

    private static ApiGatewayHttpResponse PayOsRejection(ParseResult parsed) => parsed.Status switch
    {
        ParseStatus.BadSignature => ApiGatewayHttpResponse.Problem(401, "Unauthorized", parsed.Detail),
        _ => ApiGatewayHttpResponse.Problem(400, "Bad request", parsed.Detail),
    };

    private static ApiGatewayHttpResponse ZaloPayAnswerFor(DownstreamOutcome outcome) => outcome switch
    {
        DownstreamOutcome.Applied => ZaloPay(1, "success"),
        // ZaloPay's code for "this zp_trans_id was already processed".
        DownstreamOutcome.Replayed => ZaloPay(2, "already processed"),
        DownstreamOutcome.Refused => ZaloPay(-1, "recorded for review"),
        DownstreamOutcome.Unknown => ZaloPay(-1, "unknown order"),
        _ => ZaloPay(0, "temporarily unavailable, retry"),
    };

    /// <summary>
    /// PayOS sends a sample payload (unknown orderCode) when a webhook URL is registered, so an unknown order is
    /// acknowledged with 200; only our own failures answer 5xx, which makes PayOS deliver again.
    /// </summary>
    private static ApiGatewayHttpResponse PayOsAnswerFor(DownstreamOutcome outcome) => outcome switch
    {
        DownstreamOutcome.Applied or DownstreamOutcome.Replayed => PayOs(200, true, "success"),
        DownstreamOutcome.Refused => PayOs(200, true, "recorded for review"),
        DownstreamOutcome.Unknown => PayOs(200, true, "unknown order, ignored"),
        _ => PayOs(503, false, "temporarily unavailable, retry"),
    };

    private static ApiGatewayHttpResponse ZaloPay(int code, string message) =>
        ApiGatewayHttpResponse.Json(200, JsonSerializer.Serialize(new ZaloPayAnswer(code, message), WebhookJsonContext.Default.ZaloPayAnswer));

    private static ApiGatewayHttpResponse PayOs(int status, bool success, string message) =>
        ApiGatewayHttpResponse.Json(status, JsonSerializer.Serialize(new PayOsAnswer(success, message), WebhookJsonContext.Default.PayOsAnswer));

    private enum DownstreamOutcome { Applied, Replayed, Refused, Unknown, Retry }
}
