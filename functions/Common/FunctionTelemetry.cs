using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TicketBottle.Telemetry;

namespace TicketBottle.Functions.Common;

/// <summary>
/// The functions' traces: one tracer provider per process (in AWS, one function per process; the ADOT layer's
/// collector listens at OTEL_EXPORTER_OTLP_ENDPOINT), configured from the environment like everything else here.
/// </summary>
public static class FunctionTelemetry
{
    private static readonly Lock Gate = new();
    private static (TelemetryOptions? Options, TracerProvider? Provider) _current;

    /// <summary>A span for one invocation or one record of a batch; parent: the caller's or producer's context, if any.</summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext parent = default)
    {
        _ = Provider();
        return TicketBottleTelemetry.Source.StartActivity(name, kind, parent);
    }

    /// <summary>Lambda freezes the process once the handler returns: export what this invocation recorded first.</summary>
    public static void Flush() => Provider()?.ForceFlush(2_000);

    /// <summary>
    /// Built from the environment, and rebuilt if it changed: in Lambda it never does; the local function host sets a
    /// platform's environment before constructing its functions, and tests start several platforms in one process.
    /// </summary>
    private static TracerProvider? Provider()
    {
        var options = TelemetryOptions.FromEnvironment();
        lock (Gate)
        {
            if (_current.Options is not { } current || current.OtlpEndpoint != options.OtlpEndpoint
                || current.TraceDirectory != options.TraceDirectory || !current.SampleRatio.Equals(options.SampleRatio))
            {
                _current.Provider?.Dispose();
                _current = (options, Create(options));
            }

            return _current.Provider;
        }
    }

    private static TracerProvider? Create(TelemetryOptions options)
    {
        if (!options.ExportsTraces)
        {
            return null;
        }

        var service = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")
                      ?? Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "functions";
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(service))
            .AddTicketBottleTracing(options, service)
            .Build();
    }
}
