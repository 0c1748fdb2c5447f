using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Payment.Providers;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Payment;

public sealed class PaymentGrpcService(
    PaymentRepository payments,
    RefundRepository refunds,
    CheckoutService checkouts,
    Reconciler reconciler,
    IOptions<PaymentOptions> options,
    ILogger<PaymentGrpcService> logger)
    : PaymentService.PaymentServiceBase
{
    private const int MaxRawPayloadLength = 64 * 1024;
    private const int MaxRefundsListed = 500;

    public override async Task<PaymentIntent> CreatePaymentIntent(CreatePaymentIntentRequest request, ServerCallContext context)
    {
        var provider = RequireProvider(request.Provider);
        Require(!string.IsNullOrWhiteSpace(request.OrderId) && request.OrderId.Length <= 128, "order_id is required (at most 128 characters).");
        Require(request.AmountVnd > 0, "amount_vnd must be positive.");

        Require(request.Items.All(i => i.Quantity > 0 && i.PriceVnd >= 0 && i.Name.Length is > 0 and <= 256), "items need a name, a positive quantity and a price.");

        var intent = await payments.CreateOrGetIntentAsync(request.OrderId, provider, request.AmountVnd, request.Description, context.CancellationToken);
        if (intent.AmountVnd != request.AmountVnd)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Order {request.OrderId} already has a {provider} payment of {intent.AmountVnd} VND."));
        }

        try
        {
            intent = await checkouts.EnsureAsync(intent, request, context.CancellationToken);
        }
        catch (ProviderException ex)
        {
            logger.LogWarning("No checkout for payment {PaymentId} of order {OrderId} at {Provider}: {StatusCode} {Detail}",
                intent.PaymentId, intent.OrderId, provider, ex.StatusCode, ex.Message);
            throw new RpcException(new Status(ex.StatusCode, ex.Message));
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
            request.ProviderTransactionId, request.AmountVnd, outcome, request.RawPayload, request.PaidAt?.ToDateTimeOffset()), context.CancellationToken);
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
        if (expired.Count > 0)
        {
            var cancelled = await reconciler.CancelCheckoutsAsync(expired, context.CancellationToken);
            logger.LogInformation("Expired {ExpiredCount} stale payment intents and cancelled {CancelledCount} checkouts", expired.Count, cancelled);
        }

        return new ExpireStaleIntentsResponse { Expired = expired.Count };
    }

    public override async Task<PaymentIntent> SettleOverdueIntent(SettleOverdueIntentRequest request, ServerCallContext context)
    {
        Require(!string.IsNullOrWhiteSpace(request.OrderId), "order_id is required.");
        var intent = await payments.GetAsync(null, request.OrderId, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, $"Order {request.OrderId} has no payment."));
        if (intent is { Status: IntentStatus.Pending, CheckoutUrl: not null })
        {
            // Before the seats go back: money whose callback was lost must confirm the order, not be refunded later.
            intent = await reconciler.TryAskProviderAsync(intent, context.CancellationToken);
        }

        var settled = await payments.ExpireIfOverdueAsync(request.OrderId, context.CancellationToken) ?? intent;
        if (intent.Status == IntentStatus.Pending && settled.Status == IntentStatus.Expired)
        {
            logger.LogInformation("Payment {PaymentId} of overdue order {OrderId} expired", settled.PaymentId, settled.OrderId);
            await reconciler.CancelCheckoutsAsync([settled], context.CancellationToken);
        }

        return ToMessage(settled);
    }

    public override async Task<PaymentIntent> CancelPayment(CancelPaymentRequest request, ServerCallContext context)
    {
        Require(!string.IsNullOrWhiteSpace(request.OrderId), "order_id is required.");
        var (found, endedNow) = await payments.CancelForEndedOrderAsync(request.OrderId, context.CancellationToken);
        var intent = found ?? throw new RpcException(new Status(StatusCode.NotFound, $"Order {request.OrderId} has no payment."));
        if (endedNow)
        {
            logger.LogInformation("Payment {PaymentId} cancelled: order {OrderId} ended ({Reason})", intent.PaymentId, intent.OrderId, request.Reason);
            await reconciler.CancelCheckoutsAsync([intent], context.CancellationToken);
        }
        else if (intent.Status == IntentStatus.Succeeded)
        {
            logger.LogWarning("Payment {PaymentId} was taken but order {OrderId} ended ({Reason}); refunding it", intent.PaymentId,
                intent.OrderId, request.Reason);
        }

        return ToMessage(intent);
    }

    public override async Task<ReconcilePaymentsResponse> ReconcilePayments(ReconcilePaymentsRequest request, ServerCallContext context)
    {
        Require(request.BatchSize is > 0 && request.BatchSize <= options.Value.MaxSweepBatchSize,
            $"batch_size must be between 1 and {options.Value.MaxSweepBatchSize}.");
        var report = await reconciler.RunAsync(request.BatchSize, context.CancellationToken);
        if (report.IntentsPaid + report.IntentsFailed + report.RefundsSucceeded + report.RefundsFailed + report.CheckoutsCancelled > 0)
        {
            logger.LogInformation("Reconciliation: {Report}", report);
        }

        return report;
    }

    public override async Task<ListRefundsResponse> ListRefunds(ListRefundsRequest request, ServerCallContext context)
    {
        Require(request.PageSize is >= 0 and <= MaxRefundsListed, $"page_size must be between 0 and {MaxRefundsListed}.");
        string[] statuses = request.Status == RefundStatus.Unspecified
            ? [RefundStatuses.Manual, RefundStatuses.Failed]
            : [RefundStatusName(request.Status)];
        var listed = await refunds.ListAsync(statuses, request.PageSize == 0 ? 100 : request.PageSize, context.CancellationToken);
        return new ListRefundsResponse { Refunds = { listed.Select(ToMessage) } };
    }

    public override async Task<Refund> CompleteRefund(CompleteRefundRequest request, ServerCallContext context)
    {
        Require(Guid.TryParse(request.RefundId, out var refundId), "refund_id must be a UUID.");
        Require(request.Reference.Trim().Length is > 0 and <= 128, "reference (the bank transfer's reference) is required, at most 128 characters.");
        var refund = await refunds.GetAsync(refundId, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, $"No refund {request.RefundId}."));
        if (refund.Status is not (RefundStatuses.Manual or RefundStatuses.Failed))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Refund {refundId} is {refund.Status}; only MANUAL or FAILED refunds are completed by hand."));
        }

        var completed = await refunds.TransitionAsync(refundId, refund.Status, RefundStatuses.Succeeded, null, request.Reference.Trim(),
                            context.CancellationToken)
                        ?? throw new RpcException(new Status(StatusCode.Aborted, $"Refund {refundId} changed meanwhile; read it again."));
        logger.LogInformation("Refund {RefundId} of {AmountVnd} VND for order {OrderId} completed by hand", completed.RefundId,
            completed.AmountVnd, completed.OrderId);
        return ToMessage(completed);
    }

    private static readonly Dictionary<RefundStatus, string> RefundStatusNames = new()
    {
        [RefundStatus.Pending] = RefundStatuses.Pending,
        [RefundStatus.Submitted] = RefundStatuses.Submitted,
        [RefundStatus.Manual] = RefundStatuses.Manual,
        [RefundStatus.Succeeded] = RefundStatuses.Succeeded,
        [RefundStatus.Failed] = RefundStatuses.Failed,
    };

    private static string RefundStatusName(RefundStatus status) =>
        RefundStatusNames.TryGetValue(status, out var name) ? name : throw Invalid("Unknown refund status.");

    private static Refund ToMessage(RefundRecord refund) => new()
    {
        RefundId = refund.RefundId.ToString(),
        PaymentId = refund.PaymentId.ToString(),
        OrderId = refund.OrderId,
        Provider = ProviderNames.FromName(refund.Provider),
        ProviderTransactionId = refund.ProviderTransactionId,
        AmountVnd = refund.AmountVnd,
        Reason = refund.Reason,
        Status = RefundStatusNames.FirstOrDefault(n => n.Value == refund.Status).Key,
        ProviderRefundRef = refund.ProviderRefundRef ?? "",
        CreatedAt = ToTimestamp(refund.CreatedAt),
        CompletedAt = refund.CompletedAt is { } completed ? ToTimestamp(completed) : null,
        LastError = refund.LastError ?? "",
    };

    private static string RequireProvider(PaymentProvider provider) =>
        ProviderNames.ToName(provider) ?? throw Invalid("provider must be ZALOPAY or PAYOS.");

    private static PaymentIntent ToMessage(PaymentIntentRecord intent) => new()
    {
        PaymentId = intent.PaymentId.ToString(),
        OrderId = intent.OrderId,
        AmountVnd = intent.AmountVnd,
        Provider = ProviderNames.FromName(intent.Provider),
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
        CheckoutUrl = intent.CheckoutUrl ?? "",
        QrCode = intent.QrCode ?? "",
    };

    private static Timestamp ToTimestamp(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
