using Grpc.Net.Client;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Functions.Cleanup;

public interface ISweep
{
    string Name { get; }

    Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken);
}
