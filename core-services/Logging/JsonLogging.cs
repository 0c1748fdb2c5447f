using Serilog;
using Serilog.Events;
using Serilog.Templates;

namespace TicketBottle.Logging;

/// <summary>
/// One JSON object per line on stdout: timestamp, level, service, message, the trace and span ids of the request or
/// message being handled (the correlation id: one trace per purchase, across services, Kafka and the functions), then
/// every structured property (order_id, request_id, … as properties or log-context scopes).
/// CloudWatch Logs and kubectl logs both ingest this shape without a parser.
/// </summary>
public static class JsonLogging
{
    private const string Template =
        "{ {timestamp: UtcDateTime(@t), level: @l, service: service, message: @m, exception: @x, trace_id: @tr, span_id: @sp, ..@p} }\n";

    public static LoggerConfiguration Configure(LoggerConfiguration configuration, string serviceName,
        LogEventLevel minimumLevel = LogEventLevel.Information) =>
        configuration
            .MinimumLevel.Is(minimumLevel)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            // Its deadline warning names neither route nor caller; the Gateway's status mapping logs each failed request.
            .MinimumLevel.Override("Grpc.Net.Client.Internal.GrpcCall", LogEventLevel.Error)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            // Polly logs every provider call attempt at Information; retries and give-ups are Warning and stay.
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("service", serviceName)
            .WriteTo.Console(new ExpressionTemplate(Template));

    /// <summary>For functions: the level comes from LOG_LEVEL (template.yaml's LogLevel parameter), Information if unset.</summary>
    public static Serilog.ILogger CreateLogger(string serviceName, LogEventLevel? minimumLevel = null) =>
        Configure(new LoggerConfiguration(), serviceName, minimumLevel ?? LevelFromEnvironment()).CreateLogger();

    private static LogEventLevel LevelFromEnvironment() =>
        Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable("LOG_LEVEL"), ignoreCase: true, out var level)
            ? level
            : LogEventLevel.Information;
}
