using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TicketBottle.Telemetry;

namespace TicketBottle.ServiceDefaults;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces (incoming requests, outgoing calls, PostgreSQL commands, our Kafka and outbox spans) to the exporters
    /// <see cref="TelemetryOptions"/> names; metrics (request durations, runtime, the service's own meter) on a
    /// Prometheus endpoint at Telemetry:MetricsPort. One service per process, as in a pod: providers listen process-wide.
    /// </summary>
    public static WebApplicationBuilder AddServiceTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.ExportsTraces && options.MetricsPort == 0)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        if (options.ExportsTraces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsProbe(context.Request.Path))
                .AddNpgsql()
                .AddTicketBottleTracing(options, serviceName));
        }

        if (options.MetricsPort != 0)
        {
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(TicketBottleTelemetry.MeterName(serviceName))
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusHttpListener(prometheus =>
                {
                    prometheus.Host = options.MetricsHost;
                    prometheus.Port = options.MetricsPort;
                }));
        }

        return builder;
    }

    // Kubernetes probes every few seconds per pod: not worth a span each.
    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health") || path.StartsWithSegments("/healthz");
}
