using Serilog;
using Serilog.Events;
using Serilog.Templates;

namespace TicketBottle.Logging;

/// <summary>
/// One JSON object per line on stdout: timestamp, level, service, message, then every structured property
/// (correlation ids such as order_id or request_id travel as properties or log-context scopes).
/// CloudWatch Logs and kubectl logs both ingest this shape without a parser.
/// </summary>
public static class JsonLogging
{
    private const string Template =
        "{ {timestamp: UtcDateTime(@t), level: @l, service: service, message: @m, exception: @x, ..@p} }\n";

    public static LoggerConfiguration Configure(LoggerConfiguration configuration, string serviceName,
        LogEventLevel minimumLevel = LogEventLevel.Information) =>
        configuration
            .MinimumLevel.Is(minimumLevel)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("service", serviceName)
            .WriteTo.Console(new ExpressionTemplate(Template));

    public static Serilog.ILogger CreateLogger(string serviceName, LogEventLevel minimumLevel = LogEventLevel.Information) =>
        Configure(new LoggerConfiguration(), serviceName, minimumLevel).CreateLogger();
}
