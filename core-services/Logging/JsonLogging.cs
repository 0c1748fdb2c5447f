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

    /// <summary>Lines a long-running service may have waiting for stdout before new ones are dropped (and counted).</summary>
    public const int ServiceBufferLines = 10_000;

    /// <param name="buffered">
    /// For long-running services: lines are written to stdout by a background worker, so a burst of warnings under
    /// overload never has request threads queueing on the console (a stalled reader of stdout once turned timeouts
    /// into more timeouts). Not for functions: Lambda freezes the process when the handler returns.
    /// </param>
    public static LoggerConfiguration Configure(LoggerConfiguration configuration, string serviceName,
        LogEventLevel minimumLevel = LogEventLevel.Information, bool buffered = false)
    {
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
            .Enrich.WithProperty("service", serviceName);
        var format = new ExpressionTemplate(Template);
        return buffered
            ? configuration.WriteTo.Async(sink => sink.Console(format), bufferSize: ServiceBufferLines, blockWhenFull: false)
            : configuration.WriteTo.Console(format);
    }

    /// <summary>For functions: the level comes from LOG_LEVEL (template.yaml's LogLevel parameter), Information if unset.</summary>
    public static Serilog.ILogger CreateLogger(string serviceName, LogEventLevel? minimumLevel = null) =>
        Configure(new LoggerConfiguration(), serviceName, minimumLevel ?? LevelFromEnvironment()).CreateLogger();

    private static LogEventLevel LevelFromEnvironment() =>
        Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable("LOG_LEVEL"), ignoreCase: true, out var level)
            ? level
            : LogEventLevel.Information;
}
