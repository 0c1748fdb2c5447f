using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using TicketBottle.Logging;

namespace TicketBottle.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>JSON logs, gRPC with the shared error interceptor, gRPC health checks, cleartext HTTP/2.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        // "Logging:Level" (Verbose…Fatal); load tests turn per-request Information lines off with Warning.
        var level = builder.Configuration.GetValue("Logging:Level", LogEventLevel.Information);
        builder.Services.AddSerilog((_, configuration) => JsonLogging.Configure(configuration, serviceName, level));
        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<UnhandledExceptionInterceptor>();
        });
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        // In the cluster TLS ends at the NLB/mesh; the pods speak h2c so gRPC needs no ALPN.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        return app;
    }
}
