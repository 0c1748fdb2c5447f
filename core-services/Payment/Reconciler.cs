using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Payment.Providers;

namespace TicketBottle.Payment;

/// <summary>
/// What closes the money loop when messages go missing: asks the providers about pending intents whose callback never
/// came and applies their answer through the same idempotent path as a callback; drives refunds to a final state;
/// cancels checkouts of intents that ended.
/// </summary>
public sealed class Reconciler(PaymentRepository payments, RefundRepository refunds, ProviderRegistry providers,
    IOptions<PaymentOptions> options, TimeProvider clock, ILogger<Reconciler> logger)
{
    public async Task<ReconcilePaymentsResponse> RunAsync(int batchSize, CancellationToken cancellationToken)
    {
        var report = new ReconcilePaymentsResponse();
        var (paid, failed) = (0, 0);
        var pending = await payments.TakeUncheckedPendingAsync(options.Value.ReconcileAfter, batchSize, cancellationToken);
        await Parallel.ForEachAsync(pending, Concurrency(cancellationToken), async (intent, token) =>
        {
            var after = await TryAskProviderAsync(intent, token);
            Interlocked.Add(ref paid, after.Status == IntentStatus.Succeeded ? 1 : 0);
            Interlocked.Add(ref failed, after.Status is IntentStatus.Failed or IntentStatus.Expired ? 1 : 0);
        });
        (report.IntentsChecked, report.IntentsPaid, report.IntentsFailed) = (pending.Count, paid, failed);

        foreach (var refund in await refunds.InFlightAsync(batchSize, cancellationToken))
        {
            var status = await AdvanceRefundAsync(refund, cancellationToken);
            report.RefundsSucceeded += status == RefundStatuses.Succeeded ? 1 : 0;
            report.RefundsFailed += status == RefundStatuses.Failed ? 1 : 0;
        }

        report.CheckoutsCancelled = await CancelCheckoutsAsync(await payments.CheckoutsToCancelAsync(batchSize, cancellationToken), cancellationToken);
        return report;
    }

    /// <summary>
    /// Applies what the provider knows about the intent: every transaction as a succeeded callback (a second one, or a
    /// late one, becomes a refund), a checkout closed without money as a failed one. A provider that does not answer
    /// leaves the intent as it was, for the next sweep.
    /// </summary>
    public async Task<PaymentIntentRecord> TryAskProviderAsync(PaymentIntentRecord intent, CancellationToken cancellationToken)
    {
        ProviderPaymentStatus status;
        try
        {
            status = await providers.Get(intent.Provider).QueryAsync(intent, cancellationToken);
        }
        catch (ProviderException ex)
        {
            logger.LogWarning("Could not ask {Provider} about payment {PaymentId} ({ProviderOrderRef}): {Detail}",
                intent.Provider, intent.PaymentId, intent.ProviderOrderRef, ex.Message);
            return intent;
        }

        var current = intent;
        foreach (var transaction in status.Transactions)
        {
            var result = await payments.ConfirmAsync(new ProviderCallback(intent.Provider, intent.ProviderOrderRef, transaction.TransactionId,
                transaction.AmountVnd, IntentStatus.Succeeded, status.Raw, transaction.PaidAt), cancellationToken);
            if (!result.Replayed)
            {
                logger.LogWarning("Reconciled payment {PaymentId} of order {OrderId}: {Provider} transaction {ProviderTransactionId} had no callback ({Result})",
                    intent.PaymentId, intent.OrderId, intent.Provider, transaction.TransactionId, result.Result);
            }

            current = result.Intent ?? current;
        }

        if (status.State == ProviderPaymentState.Closed && status.Transactions.Count == 0 && current.Status == IntentStatus.Pending &&
            current.ExpiresAt > clock.GetUtcNow().UtcDateTime)
        {
            // The checkout closed without money before its time was up: the customer cancelled it. (One that lapsed
            // ends as EXPIRED through the expiry sweep instead.)
            var result = await payments.ConfirmAsync(new ProviderCallback(intent.Provider, intent.ProviderOrderRef,
                $"closed:{intent.ProviderOrderRef}", intent.AmountVnd, IntentStatus.Failed, status.Raw, null), cancellationToken);
            current = result.Intent ?? current;
            logger.LogInformation("Payment {PaymentId} of order {OrderId}: the {Provider} checkout closed without payment", intent.PaymentId,
                intent.OrderId, intent.Provider);
        }

        return current;
    }

    /// <summary>
    /// Stops ended intents' checkouts from taking money, side by side (intents that never got one have nothing to
    /// cancel); those the provider refused are asked about instead.
    /// </summary>
    public async Task<int> CancelCheckoutsAsync(IReadOnlyList<PaymentIntentRecord> intents, CancellationToken cancellationToken)
    {
        var cancelled = 0;
        await Parallel.ForEachAsync(intents.Where(i => i.CheckoutUrl is not null), Concurrency(cancellationToken), async (intent, token) =>
            {
                var provider = providers.Get(intent.Provider);
                try
                {
                    if (await provider.CancelCheckoutAsync(intent, "payment time is up", token))
                    {
                        Interlocked.Increment(ref cancelled);
                    }
                }
                catch (ProviderException ex) when (ex.StatusCode != Grpc.Core.StatusCode.Unavailable)
                {
                    // Refused: already paid or closed there. Anything it took now comes back as a late payment.
                    logger.LogWarning("{Provider} refused to cancel the checkout of payment {PaymentId}: {Detail}", intent.Provider,
                        intent.PaymentId, ex.Message);
                    await TryAskProviderAsync(intent, token);
                }
                catch (ProviderException ex)
                {
                    logger.LogWarning("Could not cancel the {Provider} checkout of payment {PaymentId} ({Detail}); the next sweep tries again",
                        intent.Provider, intent.PaymentId, ex.Message);
                    return;
                }

                await payments.MarkCheckoutClosedAsync(intent.PaymentId, token);
            });
        return cancelled;
    }

    private ParallelOptions Concurrency(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Value.ProviderCallConcurrency, CancellationToken = cancellationToken };

    private async Task<string> AdvanceRefundAsync(RefundRecord refund, CancellationToken cancellationToken)
    {
        var provider = providers.Get(refund.Provider);
        RefundProgress progress;
        try
        {
            progress = refund.Status == RefundStatuses.Pending
                ? await provider.RefundAsync(refund, cancellationToken)
                : await provider.QueryRefundAsync(refund, cancellationToken);
        }
        catch (ProviderException ex)
        {
            logger.LogWarning("Refund {RefundId} of order {OrderId} at {Provider} did not go through this time: {Detail}", refund.RefundId,
                refund.OrderId, refund.Provider, ex.Message);
            await refunds.TransitionAsync(refund.RefundId, refund.Status, refund.Status, ex.Message, null, cancellationToken);
            return refund.Status;
        }

        var status = progress.Outcome switch
        {
            RefundOutcome.Succeeded => RefundStatuses.Succeeded,
            RefundOutcome.Failed => RefundStatuses.Failed,
            _ => RefundStatuses.Submitted,
        };
        await refunds.TransitionAsync(refund.RefundId, refund.Status, status, status == RefundStatuses.Failed ? progress.Detail : null, null,
            cancellationToken);
        if (status == RefundStatuses.Failed)
        {
            logger.LogError("{Provider} refused refund {RefundId} of {AmountVnd} VND for order {OrderId}: {Detail}; an operator must complete it",
                refund.Provider, refund.RefundId, refund.AmountVnd, refund.OrderId, progress.Detail);
        }
        else if (status == RefundStatuses.Succeeded)
        {
            logger.LogInformation("Refund {RefundId} of {AmountVnd} VND for order {OrderId} succeeded at {Provider}", refund.RefundId,
                refund.AmountVnd, refund.OrderId, refund.Provider);
        }

        return status;
    }
}
