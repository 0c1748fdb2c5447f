using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Payment.V1;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Payment;

public sealed class PaymentGrpcService(PaymentRepository payments, IOptions<PaymentOptions> options, ILogger<PaymentGrpcService> logger)
    : PaymentService.PaymentServiceBase
{
    private const int MaxRawPayloadLength = 64 * 1024;

    public override async Task<PaymentIntent> CreatePaymentIntent(CreatePaymentIntentRequest request, ServerCallContext context)
    {
        var provider = RequireProvider(request.Provider);
        Require(!string.IsNullOrWhiteSpace(request.OrderId) && request.OrderId.Length <= 128, "order_id is required (at most 128 characters).");
        Require(request.AmountVnd > 0, "amount_vnd must be positive.");

        var intent = await payments.CreateOrGetIntentAsync(request.OrderId, provider, request.AmountVnd, request.Description, context.CancellationToken);
        if (intent.AmountVnd != request.AmountVnd)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Order {request.OrderId} already has a {provider} payment of {intent.AmountVnd} VND."));
        }

        logger.LogInformation("Payment intent {PaymentId} for order {OrderId}: {Provider} ref {ProviderOrderRef}, {AmountVnd} VND",
            intent.PaymentId, intent.OrderId, intent.Provider, intent.ProviderOrderRef, intent.AmountVnd);
        return ToMessage(intent);
    }

    public override async Task<ConfirmPaymentResponse> ConfirmPayment(ConfirmPaymentRequest request, ServerCallContext context)
    {
        var provider = RequireProvider(request.Provider);
        Require(!string.IsNullOrWhiteSpace(request.ProviderOrderRef), "provider_order_ref is required.");
        Require(!string.IsNullOrWhiteSpace(request.ProviderTransactionId), "provider_transaction_id is required.");
        Require(request.AmountVnd > 0, "amount_vnd must be positive.");
        Require(request.RawPayload.Length <= MaxRawPayloadLength, "raw_payload is too large.");
        var outcome = request.Outcome switch
        {
            ProviderOutcome.Succeeded => IntentStatus.Succeeded,
            ProviderOutcome.Failed => IntentStatus.Failed,
            _ => throw Invalid("outcome must be SUCCEEDED or FAILED."),
        };

        var result = await payments.ConfirmAsync(new ProviderCallback(provider, request.ProviderOrderRef,
            request.ProviderTransactionId, request.AmountVnd, outcome, request.RawPayload), context.CancellationToken);
        if (result.Intent is null)
        {
            logger.LogWarning("Callback from {Provider} for unknown order ref {ProviderOrderRef} (transaction {ProviderTransactionId})",
                provider, request.ProviderOrderRef, request.ProviderTransactionId);
            throw new RpcException(new Status(StatusCode.NotFound, $"No {provider} payment with reference {request.ProviderOrderRef}."));
        }

        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["order_id"] = result.Intent.OrderId, ["payment_id"] = result.Intent.PaymentId,
        });
        if (CallbackResult.IsRejection(result.Result))
        {
            logger.LogWarning("Rejected {Provider} callback {ProviderTransactionId} for ref {ProviderOrderRef}: {Result} ({Detail}), replayed {Replayed}",
                provider, request.ProviderTransactionId, request.ProviderOrderRef, result.Result, result.Detail, result.Replayed);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, result.Detail));
        }

        logger.LogInformation("{Provider} callback {ProviderTransactionId} for ref {ProviderOrderRef}: {Outcome} → {Result}, payment {Status}, replayed {Replayed}",
            provider, request.ProviderTransactionId, request.ProviderOrderRef, outcome, result.Result, result.Intent.Status, result.Replayed);
        return new ConfirmPaymentResponse { Payment = ToMessage(result.Intent), Replayed = result.Replayed };
    }

    public override async Task<PaymentIntent> GetPayment(GetPaymentRequest request, ServerCallContext context)
    {
        PaymentIntentRecord? intent;
        switch (request.KeyCase)
        {
            case GetPaymentRequest.KeyOneofCase.PaymentId:
                Require(Guid.TryParse(request.PaymentId, out var paymentId), "payment_id must be a UUID.");
                intent = await payments.GetAsync(paymentId, null, context.CancellationToken);
                break;
            case GetPaymentRequest.KeyOneofCase.OrderId:
                intent = await payments.GetAsync(null, request.OrderId, context.CancellationToken);
                break;
            default:
                throw Invalid("payment_id or order_id is required.");
        }

        return intent is null
            ? throw new RpcException(new Status(StatusCode.NotFound, "Payment not found."))
            : ToMessage(intent);
    }

    public override async Task<ExpireStaleIntentsResponse> ExpireStaleIntents(ExpireStaleIntentsRequest request, ServerCallContext context)
    {
        Require(request.BatchSize is > 0 && request.BatchSize <= options.Value.MaxSweepBatchSize,
            $"batch_size must be between 1 and {options.Value.MaxSweepBatchSize}.");
        var expired = await payments.ExpireStaleAsync(request.BatchSize, context.CancellationToken);
        if (expired > 0)
        {
            logger.LogInformation("Expired {ExpiredCount} stale payment intents", expired);
        }

        return new ExpireStaleIntentsResponse { Expired = expired };
    }

    private static string RequireProvider(PaymentProvider provider) =>
        Providers.ToName(provider) ?? throw Invalid("provider must be ZALOPAY or PAYOS.");

    private static PaymentIntent ToMessage(PaymentIntentRecord intent) => new()
    {
        PaymentId = intent.PaymentId.ToString(),
        OrderId = intent.OrderId,
        AmountVnd = intent.AmountVnd,
        Provider = Providers.FromName(intent.Provider),
        ProviderOrderRef = intent.ProviderOrderRef,
        Status = intent.Status switch
        {
            IntentStatus.Pending => PaymentStatus.Pending,
            IntentStatus.Succeeded => PaymentStatus.Succeeded,
            IntentStatus.Failed => PaymentStatus.Failed,
            IntentStatus.Expired => PaymentStatus.Expired,
            _ => PaymentStatus.Unspecified,
        },
        ProviderTransactionId = intent.ProviderTransactionId ?? "",
        FailureReason = intent.FailureReason ?? "",
        CreatedAt = ToTimestamp(intent.CreatedAt),
        ExpiresAt = ToTimestamp(intent.ExpiresAt),
        CompletedAt = intent.CompletedAt is { } completed ? ToTimestamp(completed) : null,
    };

    private static Timestamp ToTimestamp(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
