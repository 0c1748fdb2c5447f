using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace TicketBottle.Telemetry;

public static class TracingExtensions
{
    /// <summary>
    /// Our spans and outgoing HTTP (gRPC calls included) with W3C propagation, sampled parent-based at
    /// <see cref="TelemetryOptions.SampleRatio"/>, exported to whatever <paramref name="options"/> names.
    /// </summary>
    /// <remarks>
    /// An outgoing call outside any span of ours (a relay's or loop's poll of PostgreSQL, DynamoDB or another service)
    /// starts no trace: those would be thousands of one-span traces an hour. What a request, message or invocation
    /// does is traced in full.
    /// </remarks>
    public static TracerProviderBuilder AddTicketBottleTracing(this TracerProviderBuilder tracing, TelemetryOptions options, string serviceName)
    {
        tracing
            .AddSource(TicketBottleTelemetry.SourceName)
            // gRPC calls: the client's own span (method, status), parent of the HTTP request span it sends.
            .AddSource("Grpc.Net.Client")
            .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = NameHttpSpan)
            .AddProcessor(new GrpcSpanNames())
            .SetSampler(new ParentBasedSampler(new NoRootClientSpans(new TraceIdRatioBasedSampler(options.SampleRatio))));
        if (!string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            tracing.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(options.OtlpEndpoint));
        }

        if (!string.IsNullOrEmpty(options.TraceDirectory))
        {
            tracing.AddProcessor(new BatchActivityExportProcessor(new JsonLinesSpanExporter(options.TraceDirectory, serviceName),
                scheduledDelayMilliseconds: 1_000));
        }

        return tracing;
    }

    /// <summary>"DynamoDB UpdateItem" for AWS JSON APIs (their operation is a header), "PUT host:port" otherwise, not a bare "POST".</summary>
    private static void NameHttpSpan(Activity activity, HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            activity.DisplayName = $"{(target.StartsWith("DynamoDB", StringComparison.Ordinal) ? "DynamoDB" : "AWS")} {target[(target.IndexOf('.') + 1)..]}";
        }
        else if (request.RequestUri is { } uri)
        {
            activity.DisplayName = $"{request.Method} {uri.Authority}";
        }
    }

    /// <summary>grpc-dotnet names every client span "Grpc.Net.Client.GrpcOut"; the method it tags says more.</summary>
    private sealed class GrpcSpanNames : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (activity.Source.Name == "Grpc.Net.Client" && activity.GetTagItem("grpc.method") is string method)
            {
                activity.DisplayName = method;
            }
        }
    }

    private sealed class NoRootClientSpans(Sampler inner) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            parameters.Kind == ActivityKind.Client ? new SamplingResult(SamplingDecision.Drop) : inner.ShouldSample(parameters);
    }
}
