namespace TicketBottle.Functions.Cleanup;

public interface ISweep
{
    string Name { get; }

    Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken);
}
