using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>Failed and slow requests are logged; quick successes, shed load and long queue streams are not.</summary>
public sealed class RequestLogLevelTests
{
    [Theory]
    [InlineData(200, 12, null, LogEventLevel.Debug)]
    [InlineData(409, 30, null, LogEventLevel.Debug)]
    [InlineData(503, 5, null, LogEventLevel.Debug)]
    [InlineData(502, 40, null, LogEventLevel.Error)]
    [InlineData(504, 5_000, null, LogEventLevel.Error)]
    [InlineData(201, 1_500, null, LogEventLevel.Information)]
    [InlineData(200, 180_000, "text/event-stream", LogEventLevel.Debug)]
    public void A_request_is_logged_at_the_level_its_outcome_deserves(int status, double elapsedMs, string? contentType, LogEventLevel expected)
    {
        var http = new DefaultHttpContext { Response = { StatusCode = status, ContentType = contentType } };

        Assert.Equal(expected, RequestLogLevels.Of(http, elapsedMs, null));
    }

    [Fact]
    public void A_request_that_threw_is_an_error_whatever_its_status()
    {
        var http = new DefaultHttpContext { Response = { StatusCode = 200 } };

        Assert.Equal(LogEventLevel.Error, RequestLogLevels.Of(http, 3, new InvalidOperationException("boom")));
    }
}
