using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Common;

/// <summary>API Gateway HTTP API request, payload format version 2.0.</summary>
public sealed class ApiGatewayHttpRequest
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }
    [JsonPropertyName("rawPath")] public string? RawPath { get; set; }
    [JsonPropertyName("rawQueryString")] public string? RawQueryString { get; set; }
    [JsonPropertyName("cookies")] public List<string>? Cookies { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("queryStringParameters")] public Dictionary<string, string>? QueryStringParameters { get; set; }
    [JsonPropertyName("pathParameters")] public Dictionary<string, string>? PathParameters { get; set; }
    [JsonPropertyName("stageVariables")] public Dictionary<string, string>? StageVariables { get; set; }
    [JsonPropertyName("requestContext")] public ApiGatewayRequestContext? RequestContext { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>Header lookup ignoring case (HTTP API lower-cases names, other sources may not).</summary>
    public string? Header(string name)
    {
        if (Headers is null)
        {
            return null;
        }

        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public string? Method => RequestContext?.Http?.Method;

    /// <summary>The authenticated customer (the access token's "sub"), or null when the route had no authorizer.</summary>
    public string? Subject => RequestContext?.Authorizer?.Jwt?.Claims?.GetValueOrDefault("sub");
    public string? RequestId => RequestContext?.RequestId;
}

public sealed class ApiGatewayRequestContext
{
    [JsonPropertyName("accountId")] public string? AccountId { get; set; }
    [JsonPropertyName("apiId")] public string? ApiId { get; set; }
    [JsonPropertyName("domainName")] public string? DomainName { get; set; }
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }
    [JsonPropertyName("stage")] public string? Stage { get; set; }
    [JsonPropertyName("time")] public string? Time { get; set; }
    [JsonPropertyName("timeEpoch")] public long TimeEpoch { get; set; }
    [JsonPropertyName("http")] public ApiGatewayHttpDescription? Http { get; set; }
    [JsonPropertyName("authorizer")] public ApiGatewayAuthorizer? Authorizer { get; set; }
}

/// <summary>Filled by the HTTP API's JWT authorizer after it validated the caller's access token.</summary>
public sealed class ApiGatewayAuthorizer
{
    [JsonPropertyName("jwt")] public ApiGatewayJwt? Jwt { get; set; }
}

public sealed class ApiGatewayJwt
{
    [JsonPropertyName("claims")] public Dictionary<string, string>? Claims { get; set; }
    [JsonPropertyName("scopes")] public List<string>? Scopes { get; set; }
}

public sealed class ApiGatewayHttpDescription
{
    [JsonPropertyName("method")] public string? Method { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
    [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }
    [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
}

/// <summary>API Gateway HTTP API response, payload format version 2.0.</summary>
public sealed class ApiGatewayHttpResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    public static ApiGatewayHttpResponse Json(int statusCode, string jsonBody) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        Body = jsonBody,
    };

    /// <summary>An RFC 9457 problem document, the error shape of every public TicketBottle endpoint.</summary>
    public static ApiGatewayHttpResponse Problem(int statusCode, string title, string? detail = null) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/problem+json" },
        Body = System.Text.Json.JsonSerializer.Serialize(
            new ProblemDetails { Status = statusCode, Title = title, Detail = detail }, FunctionJsonContext.Default.ProblemDetails),
    };

    public static ApiGatewayHttpResponse Redirect(string location) => new()
    {
        StatusCode = 302,
        Headers = new Dictionary<string, string> { ["location"] = location },
    };
}

public sealed class ProblemDetails
{
    [JsonPropertyName("type")] public string Type { get; set; } = "about:blank";
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("status")] public int Status { get; set; }
    [JsonPropertyName("detail")] public string? Detail { get; set; }
}
