using Serilog.Events;

namespace TicketBottle.Gateway;

/// <summary>
/// The level of a request's completion line. A failed or slow request is what someone reads at 3 a.m.; a line per
/// quick success at an on-sale's thousand requests a second is cost without news (the request metrics count those).
/// Slow is Information, not a warning: a sign-up or login spends about a second hashing the password by design.
/// A 503 is this pod shedding load, thousands a second when it happens (the rate limiter's metrics count them), or
/// an unavailable service the gRPC status mapping has logged already. A queue stream is open for minutes by design.
/// </summary>
public static class RequestLogLevels
{
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);

    public static LogEventLevel Of(HttpContext http, double elapsedMs, Exception? exception) =>
        exception is not null || http.Response.StatusCode is >= StatusCodes.Status500InternalServerError and not StatusCodes.Status503ServiceUnavailable
            ? LogEventLevel.Error
            : elapsedMs >= Slow.TotalMilliseconds && http.Response.ContentType != "text/event-stream" ? LogEventLevel.Information
            : LogEventLevel.Debug;
}
