using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using TicketBottle.Logging;
using TicketBottle.ServiceIdentity;

namespace TicketBottle.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Minimum log level (Verbose…Fatal); load tests turn per-request Information lines off with Warning.</summary>
    public const string LogLevelSetting = "Logging:Level";

    /// <summary>
    /// JSON logs, traces and metrics, gRPC with the shared error interceptor and the caller check (every method but health needs a service
    /// identity the caller policy allows), gRPC health checks, cleartext HTTP/2.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddJsonLogging(serviceName);
        builder.AddServiceTelemetry(serviceName);
        builder.Services.AddServiceIdentityOptions();
        builder.Services.AddSingleton(sp => new CallerVerifier(sp.GetRequiredService<IOptions<ServiceIdentityOptions>>().Value.Callers,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<CallerVerifier>()));
        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<UnhandledExceptionInterceptor>();
            options.Interceptors.Add<CallerAuthorizationInterceptor>();
        });
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        // In the cluster TLS ends at the NLB/mesh; the pods speak h2c so gRPC needs no ALPN.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        return builder;
    }

    /// <summary>
    /// One JSON object per log line (see <see cref="JsonLogging"/>) at the level <see cref="LogLevelSetting"/> names,
    /// through the framework's logger factory with Serilog as its only provider: that factory keeps one logger per
    /// category, where Serilog's own made a new logger chain (~1 KiB) on every CreateLogger call, i.e. once per
    /// authenticated request (the JWT handler is made per request) and per gRPC call. Each host has its own Serilog
    /// logger: with the static one, services sharing a process (the local platform) all logged under one name.
    /// </summary>
    public static WebApplicationBuilder AddJsonLogging(this WebApplicationBuilder builder, string serviceName)
    {
        var level = builder.Configuration.GetValue(LogLevelSetting, LogEventLevel.Information);
        var logger = JsonLogging.Configure(new LoggerConfiguration(), serviceName, level).CreateLogger();
        // Serilog's levels decide; the framework's own filter would drop Debug before Serilog saw it.
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(logger, dispose: true);
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        // What UseSerilogRequestLogging collects a request's properties in.
        builder.Services.AddSingleton(new Serilog.Extensions.Hosting.DiagnosticContext(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(services => services.GetRequiredService<Serilog.Extensions.Hosting.DiagnosticContext>());
        return builder;
    }

    public static IServiceCollection AddServiceIdentityOptions(this IServiceCollection services)
    {
        services.AddOptions<ServiceIdentityOptions>().BindConfiguration(ServiceIdentityOptions.SectionName);
        return services;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        return app;
    }
}
