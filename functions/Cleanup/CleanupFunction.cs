using Grpc.Core;
using TicketBottle.ServiceIdentity;
using Serilog;
using TicketBottle.Functions.Common;
using TicketBottle.Logging;

namespace TicketBottle.Functions.Cleanup;

/// <summary>
/// EventBridge schedule (rate 5 minutes) → each core service's sweep RPC over gRPC → a summary. Sweeps whose
/// service URL is not configured are skipped with a log line, so services join the cleanup as they are deployed.
/// </summary>
public sealed class CleanupFunction
{
    private readonly SweepRunner _runner;
    private readonly ILogger _logger;
    private readonly EmbeddedMetrics _metrics = new("cleanup");

    public CleanupFunction()
        : this(CleanupOptions.FromEnvironment(), null)
    {
    }

    public CleanupFunction(CleanupOptions options, ILogger? logger)
    {
        _logger = logger ?? JsonLogging.CreateLogger("cleanup");
        var sweeps = new List<ISweep>();
        var channels = new CoreServiceChannels(Callers.Cleanup, options.ServiceIdentityKey);
        AddSweep(sweeps, channels, "inventory", options.InventoryServiceUrl, channel => new InventoryHoldsSweep(channel));
        AddSweep(sweeps, channels, "payment", options.PaymentServiceUrl, channel => new PaymentIntentsSweep(channel));
        AddSweep(sweeps, channels, "payment", options.PaymentServiceUrl, channel => new PaymentReconciliationSweep(channel));
        AddSweep(sweeps, channels, "waitroom", options.WaitroomServiceUrl, channel => new WaitroomInactiveSweep(channel));
        AddSweep(sweeps, channels, "order", options.OrderServiceUrl, channel => new StaleOrdersSweep(channel));
        _runner = new SweepRunner(sweeps, options, _logger);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var trigger = await LambdaStreams.ReadAsync(input, FunctionJsonContext.Default.ScheduledEvent);
        IReadOnlyList<SweepReport> reports;
        using (FunctionTelemetry.Start("cleanup", System.Diagnostics.ActivityKind.Internal))
        {
            reports = await _runner.RunAsync(CancellationToken.None);
        }

        FunctionTelemetry.Flush();
        var counts = reports.SelectMany(r => r.Counters).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
        counts["SweepsFailed"] = reports.Count(r => r.Status == SweepRunner.Failed);
        _metrics.Count(counts);
        var summary = new CleanupSummary(trigger?.Id, reports);
        _logger.ForContext("trigger_id", trigger?.Id).Information("Cleanup run finished: {Failed} of {Total} sweeps failed",
            reports.Count(r => r.Status == SweepRunner.Failed), reports.Count);
        return LambdaStreams.Write(summary, CleanupJsonContext.Default.CleanupSummary);
    }

    private void AddSweep(List<ISweep> sweeps, CoreServiceChannels channels, string service, string? url, Func<CallInvoker, ISweep> create)
    {
        if (url is null)
        {
            _logger.Information("No {Service} service URL configured; its sweep is skipped", service);
            return;
        }

        sweeps.Add(create(channels.For(url)));
    }
}
