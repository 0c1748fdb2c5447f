using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TicketBottle.Telemetry;

namespace TicketBottle.Functions.Common;

/// <summary>Reads the invocation payload and writes the result for Stream-in/Stream-out handlers.</summary>
public static class LambdaStreams
{
    public static async Task<T?> ReadAsync<T>(Stream input, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(input, typeInfo, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static Stream Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var output = new MemoryStream();
        JsonSerializer.Serialize(output, value, typeInfo);
        output.Position = 0;
        return output;
    }

    /// <summary>
    /// The HTTP API v2 round trip of a Stream handler: parse the request (400 if it isn't one), run the handler in a
    /// server span (continuing the caller's trace when it sent a traceparent), serialize its response.
    /// </summary>
    public static async Task<Stream> HandleHttpAsync(Stream input, Func<ApiGatewayHttpRequest, Task<ApiGatewayHttpResponse>> handle)
    {
        var request = await ReadAsync(input, FunctionJsonContext.Default.ApiGatewayHttpRequest);
        ApiGatewayHttpResponse response;
        using (var activity = FunctionTelemetry.Start(request?.RouteKey ?? "invalid request", ActivityKind.Server,
                   TraceHeaders.Extract(name => request?.Headers?.GetValueOrDefault(name))))
        {
            activity?.SetTag("http.route", request?.RouteKey);
            activity?.SetTag("faas.invocation_id", request?.RequestId);
            response = request is null
                ? ApiGatewayHttpResponse.Problem(400, "Bad request", "The invocation payload is not an API Gateway HTTP API event.")
                : await handle(request);
            activity?.SetTag("http.response.status_code", response.StatusCode);
            if (response.StatusCode >= 500)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }
        }

        FunctionTelemetry.Flush();
        return Write(response, FunctionJsonContext.Default.ApiGatewayHttpResponse);
    }
}
