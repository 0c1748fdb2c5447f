using Grpc.Core;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Functions.Cleanup;

public sealed class InventoryHoldsSweep(CallInvoker channel) : ISweep
{
    private readonly InventoryService.InventoryServiceClient _client = new(channel);

    public string Name => "inventory.release_expired_holds";

    public async Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken)
    {
        var response = await _client.ReleaseExpiredHoldsAsync(new ReleaseExpiredHoldsRequest { BatchSize = batchSize },
            deadline: deadline, cancellationToken: cancellationToken);
        return new SweepBatch(response.HoldsReleased, new Dictionary<string, long>
        {
            ["holds_released"] = response.HoldsReleased, ["seats_released"] = response.SeatsReleased,
        });
    }
}
