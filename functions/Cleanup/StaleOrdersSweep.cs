using Grpc.Core;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.Cleanup;

public sealed class StaleOrdersSweep(CallInvoker channel) : ISweep
{
    private readonly OrderService.OrderServiceClient _client = new(channel);

    public string Name => "order.expire_stale_orders";

    public async Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken)
    {
        var response = await _client.ExpireStaleOrdersAsync(new ExpireStaleOrdersRequest { BatchSize = batchSize },
            deadline: deadline, cancellationToken: cancellationToken);
        return new SweepBatch(response.Expired, new Dictionary<string, long> { ["orders_expired"] = response.Expired });
    }
}
