using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Functions.Cleanup;

public sealed class PaymentIntentsSweep(CallInvoker channel) : ISweep
{
    private readonly PaymentService.PaymentServiceClient _client = new(channel);

    public string Name => "payment.expire_stale_intents";

    public async Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken)
    {
        var response = await _client.ExpireStaleIntentsAsync(new ExpireStaleIntentsRequest { BatchSize = batchSize },
            deadline: deadline, cancellationToken: cancellationToken);
        return new SweepBatch(response.Expired, new Dictionary<string, long> { ["intents_expired"] = response.Expired });
    }
}
