using Grpc.Net.Client;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Functions.Cleanup;

/// <summary>One batch of a service's sweep RPC: how many items it processed, plus named counters for the log.</summary>
public sealed record SweepBatch(int Processed, IReadOnlyDictionary<string, long> Counters);

public interface ISweep
{
    string Name { get; }

    Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken);
}

public sealed class InventoryHoldsSweep(GrpcChannel channel) : ISweep
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

public sealed class PaymentIntentsSweep(GrpcChannel channel) : ISweep
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

public sealed class WaitroomInactiveSweep(GrpcChannel channel) : ISweep
{
    private readonly WaitroomService.WaitroomServiceClient _client = new(channel);

    public string Name => "waitroom.purge_inactive";

    public async Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken)
    {
        var response = await _client.PurgeInactiveAsync(new PurgeInactiveRequest { Limit = batchSize },
            deadline: deadline, cancellationToken: cancellationToken);
        return new SweepBatch(response.CustomersRemoved + response.AdmissionsExpired, new Dictionary<string, long>
        {
            ["customers_removed"] = response.CustomersRemoved, ["admissions_expired"] = response.AdmissionsExpired,
        });
    }
}

public sealed class StaleOrdersSweep(GrpcChannel channel) : ISweep
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
