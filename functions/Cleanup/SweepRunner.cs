using System.Diagnostics;
using Grpc.Core;
using Serilog;

namespace TicketBottle.Functions.Cleanup;

/// <summary>
/// Runs the sweeps side by side. Each repeats batches until one comes back short (nothing left) or its budget is
/// spent; no batch starts after the budget and each call has a deadline, so a sweep lasts at most budget + one call
/// deadline. One sweep failing leaves the others alone; what a cut-short sweep left is picked up by the next run.
/// </summary>
public sealed class SweepRunner(IReadOnlyList<ISweep> sweeps, CleanupOptions options, ILogger logger)
{
    public const string Completed = "completed";
    public const string BudgetExhausted = "budget_exhausted";
    public const string Failed = "failed";

    public async Task<IReadOnlyList<SweepReport>> RunAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(sweeps.Select(sweep => RunOneAsync(sweep, cancellationToken)));

    private async Task<SweepReport> RunOneAsync(ISweep sweep, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var budgetEnds = DateTime.UtcNow + options.SweepBudget;
        var counters = new Dictionary<string, long>();
        var batches = 0;
        var batchSize = Math.Min(options.BatchSize, sweep.MaxBatchSize);
        string status;
        string? error = null;
        try
        {
            while (true)
            {
                var batch = await sweep.RunBatchAsync(batchSize, DateTime.UtcNow + options.CallDeadline, cancellationToken);
                batches++;
                foreach (var (name, value) in batch.Counters)
                {
                    counters[name] = counters.GetValueOrDefault(name) + value;
                }

                if (batch.Processed < batchSize)
                {
                    status = Completed;
                    break;
                }

                if (DateTime.UtcNow >= budgetEnds)
                {
                    status = BudgetExhausted;
                    break;
                }
            }
        }
        catch (RpcException ex)
        {
            status = Failed;
            error = $"{ex.StatusCode}: {ex.Status.Detail}";
        }

        var report = new SweepReport(sweep.Name, status, batches, counters, stopwatch.ElapsedMilliseconds, error);
        var log = logger.ForContext("sweep", report.Name).ForContext("status", report.Status).ForContext("batches", report.Batches)
            .ForContext("counts", report.Counters, destructureObjects: true).ForContext("duration_ms", report.DurationMs);
        if (status == Failed)
        {
            log.Error("Sweep {Sweep} failed after {Batches} batches: {Error}", report.Name, batches, error);
        }
        else
        {
            log.Information("Sweep {Sweep} {Status} in {DurationMs} ms", report.Name, status, report.DurationMs);
        }

        return report;
    }
}
