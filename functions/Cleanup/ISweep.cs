namespace TicketBottle.Functions.Cleanup;

public interface ISweep
{
    string Name { get; }

    /// <summary>A smaller batch than the function's when each item costs a call to a payment provider.</summary>
    int MaxBatchSize => int.MaxValue;

    Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken);
}
