namespace TicketBottle.Telemetry;

/// <summary>
/// Where traces and metrics go. Nothing set: spans are still created (log lines carry their trace ids and calls pass
/// trace context on), but none is exported and no metrics port opens.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>OTLP/gRPC endpoint of the collector (in AWS the ADOT collector, which forwards to X-Ray).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Locally: every finished span appended, one JSON object per line, to a file of this process in this directory
    /// (&lt;service&gt;-&lt;process id&gt;.jsonl; one writer per file, so processes never interleave lines).
    /// </summary>
    public string? TraceDirectory { get; set; }

    /// <summary>Share of new traces kept (0…1); a caller's sampling decision is always followed.</summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>Port of the Prometheus scraping endpoint (GET /metrics over HTTP/1.1); 0: none.</summary>
    public int MetricsPort { get; set; }

    /// <summary>
    /// The address that endpoint listens on: in a pod its IP (the downward API's status.podIP), which Prometheus
    /// scrapes; locally loopback. Wildcards are not accepted by the exporter's listener.
    /// </summary>
    public string MetricsHost { get; set; } = "localhost";

    public bool ExportsTraces => !string.IsNullOrEmpty(OtlpEndpoint) || !string.IsNullOrEmpty(TraceDirectory);

    /// <summary>For the functions, which have no configuration system: the same settings from environment variables.</summary>
    public static TelemetryOptions FromEnvironment() => new()
    {
        OtlpEndpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"),
        TraceDirectory = Environment.GetEnvironmentVariable("TRACE_DIRECTORY"),
        SampleRatio = double.TryParse(Environment.GetEnvironmentVariable("TRACE_SAMPLE_RATIO"), System.Globalization.CultureInfo.InvariantCulture,
            out var ratio) ? ratio : 1.0,
    };
}
