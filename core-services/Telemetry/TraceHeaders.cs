using System.Diagnostics;
using OpenTelemetry.Context.Propagation;

namespace TicketBottle.Telemetry;

/// <summary>
/// W3C trace context (traceparent, tracestate) in message headers and stored rows, so a trace continues across Kafka,
/// the Pipe and SQS, and from an outbox row to its publish.
/// </summary>
public static class TraceHeaders
{
    private static readonly TraceContextPropagator Propagator = new();

    public static void Inject(ActivityContext context, Action<string, string> set)
    {
        if (context != default)
        {
            Propagator.Inject(new PropagationContext(context, default), set, static (write, name, value) => write(name, value));
        }
    }

    /// <summary>The context the headers carry, or default when they carry none (or a malformed one).</summary>
    public static ActivityContext Extract(Func<string, string?> get) =>
        Propagator.Extract(default, get, static (read, name) => read(name) is { } value ? [value] : []).ActivityContext;

    /// <summary>The traceparent of <paramref name="context"/> alone, to keep in a row; null when there is none.</summary>
    public static string? Traceparent(ActivityContext context)
    {
        string? traceparent = null;
        Inject(context, (name, value) =>
        {
            if (name == "traceparent")
            {
                traceparent = value;
            }
        });
        return traceparent;
    }

    /// <summary>The traceparent of the span in progress (<see cref="Activity.Current"/>), or null outside any.</summary>
    public static string? CurrentTraceparent() => Traceparent(Activity.Current?.Context ?? default);

    public static ActivityContext FromTraceparent(string? traceparent) =>
        traceparent is null ? default : Extract(name => name == "traceparent" ? traceparent : null);
}
