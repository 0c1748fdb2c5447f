using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Functions.Cleanup;

/// <summary>
/// Payment's reconciliation: pending intents without a callback are asked about at the provider, refunds are driven
/// to a final state, ended checkouts cancelled. Batches count the intents asked about; refunds and cancellations ride
/// along in each batch.
/// </summary>
public sealed class PaymentReconciliationSweep(CallInvoker channel) : ISweep
{
    private readonly PaymentService.PaymentServiceClient _client = new(channel);

    public string Name => "payment.reconcile";

    /// <summary>Each intent is one provider call (~0.1–0.5 s), made eight at a time: 40 fit the 10 s call deadline.</summary>
    public int MaxBatchSize => 40;

    public async Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken)
    {
        var response = await _client.ReconcilePaymentsAsync(new ReconcilePaymentsRequest { BatchSize = batchSize },
            deadline: deadline, cancellationToken: cancellationToken);
        return new SweepBatch(response.IntentsChecked, new Dictionary<string, long>
        {
            ["intents_checked"] = response.IntentsChecked,
            ["intents_paid"] = response.IntentsPaid,
            ["intents_failed"] = response.IntentsFailed,
            ["refunds_succeeded"] = response.RefundsSucceeded,
            ["refunds_failed"] = response.RefundsFailed,
            ["checkouts_cancelled"] = response.CheckoutsCancelled,
        });
    }
}
