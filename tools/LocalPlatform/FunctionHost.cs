using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TicketBottle.Functions.Common;
using TicketBottle.Gateway;
using TicketBottle.LocalPipe;
using TicketBottle.Logging;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// Runs the functions of template.yaml the way their AWS triggers would: HTTP API routes on a local Kestrel port
/// (payload format 2.0, JWT authorizer), SQS sources fed from Kafka by the Pipe stand-in, schedules on a timer.
/// Handlers are built exactly as the Lambda runtime builds them: the Handler string, a parameterless constructor,
/// configuration from environment variables.
/// </summary>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly Dictionary<string, Func<Stream, Task<Stream>>> _handlers;
    private readonly WebApplication _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _background = [];

    private FunctionHost(Dictionary<string, Func<Stream, Task<Stream>>> handlers, WebApplication http, Uri httpUrl)
    {
        _handlers = handlers;
        _http = http;
        HttpUrl = httpUrl;
    }

    public Uri HttpUrl { get; }

    public IReadOnlyCollection<string> Functions => _handlers.Keys;

    public static async Task<FunctionHost> StartAsync(FunctionHostSettings settings)
    {
        var functions = SamTemplate.LoadFunctions(settings.TemplatePath);
        var handlers = functions.ToDictionary(f => f.LogicalId, f => CreateHandler(f, LocalTopology.FunctionEnvironment(settings.LocalEnvironment, f.LogicalId)));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var cors = SamTemplate.LoadCors(settings.TemplatePath, new Dictionary<string, string> { ["JwtIssuer"] = settings.Jwt.Issuer.TrimEnd('/') });
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (cors is not null)
            {
                policy.WithOrigins(cors.AllowOrigins).WithHeaders(cors.AllowHeaders).WithMethods(cors.AllowMethods).SetPreflightMaxAge(cors.MaxAge);
            }
        }));
        var http = builder.Build();
        // Before the routes: a preflight is answered by the API, never reaches a function or the JWT check.
        http.UseCors();
        var tokens = new JsonWebTokenHandler();
        // As API Gateway's JWT authorizer: the issuer's discovery document, its JWKS (refetched for an unknown kid), then
        // signature, issuer, audience and expiry. The Gateway serves both documents, so it is read lazily, on first use.
        var validation = new TokenValidationParameters
        {
            ValidIssuer = settings.Jwt.Issuer,
            ValidAudience = settings.Jwt.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                $"{settings.Jwt.Issuer.TrimEnd('/')}{OpenIdEndpoints.DiscoveryPath}", new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = false }),
        };
        foreach (var function in functions)
        {
            foreach (var route in function.Routes)
            {
                var handler = handlers[function.LogicalId];
                http.MapMethods(route.Path, [route.Method], (HttpContext context) => InvokeHttpAsync(context, route, handler, tokens, validation));
            }
        }

        var host = new FunctionHost(handlers, http, await http.StartOnLoopbackAsync(settings.HttpPort));

        foreach (var function in functions)
        {
            // One bridge per Pipe, as in AWS: each topic's records reach the function in their own batches.
            foreach (var (queue, topic) in function.Queues.SelectMany(q => q.KafkaTopics.Select(t => (q, t))))
            {
                var bridge = new KafkaSqsBridge(new BridgeOptions
                {
                    Kafka = settings.Kafka, Topic = topic, GroupId = $"local-pipe-{queue.QueueId}-{topic}", BatchSize = queue.BatchSize,
                }, handlers[function.LogicalId], JsonLogging.CreateLogger("local-pipe"));
                host._background.Add(bridge.RunAsync(host._stop.Token));
            }

            foreach (var schedule in settings.RunSchedules ? function.Schedules : [])
            {
                host._background.Add(host.RunScheduleAsync(function.LogicalId, settings.ScheduleInterval ?? SamTemplate.RateOf(schedule.Expression)));
            }
        }

        return host;
    }

    /// <summary>Invokes a function with an event document, like `sam local invoke &lt;Function&gt; -e event.json`.</summary>
    public async Task<string> InvokeAsync(string logicalId, string eventJson)
    {
        await using var output = await _handlers[logicalId](new MemoryStream(Encoding.UTF8.GetBytes(eventJson)));
        using var reader = new StreamReader(output);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The event EventBridge Scheduler sends a scheduled function.</summary>
    public static string ScheduledEventJson(string logicalId) => System.Text.Json.JsonSerializer.Serialize(new ScheduledEvent
    {
        Version = "0",
        Id = Guid.NewGuid().ToString(),
        DetailType = "Scheduled Event",
        Source = "aws.events",
        Account = "000000000000",
        Time = DateTimeOffset.UtcNow,
        Region = "ap-southeast-1",
        Resources = [$"arn:aws:events:ap-southeast-1:000000000000:rule/local-{logicalId}"],
    }, FunctionJsonContext.Default.ScheduledEvent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_background.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await _http.StopAsync();
        await _http.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunScheduleAsync(string logicalId, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await InvokeAsync(logicalId, ScheduledEventJson(logicalId));
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine($"{logicalId} scheduled invocation failed: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The function's handler as the Lambda runtime builds it: its environment set first (<paramref name="local"/> wins
    /// over template.yaml's values, like `sam local invoke --env-vars`), then the parameterless constructor.
    /// </summary>
    public static Func<Stream, Task<Stream>> CreateHandler(SamFunction function, IReadOnlyDictionary<string, string> local)
    {
        // Like the Lambda runtime: configuration arrives as environment variables before the constructor runs.
        foreach (var (name, templateValue) in function.Environment)
        {
            var value = local.GetValueOrDefault(name) ?? templateValue
                        ?? throw new InvalidOperationException($"{function.LogicalId}: {name} comes from AWS in template.yaml; give it a local value.");
            Environment.SetEnvironmentVariable(name, value);
        }

        foreach (var (name, value) in local.Where(v => !function.Environment.ContainsKey(v.Key)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        var type = Assembly.Load(function.AssemblyName).GetType(function.TypeName, throwOnError: true)!;
        var instance = Activator.CreateInstance(type)!;
        var method = type.GetMethod(function.MethodName, [typeof(Stream)])
                     ?? throw new InvalidOperationException($"{function.TypeName} has no {function.MethodName}(Stream).");
        return method.CreateDelegate<Func<Stream, Task<Stream>>>(instance);
    }

    private static async Task InvokeHttpAsync(HttpContext context, HttpRoute route, Func<Stream, Task<Stream>> handler,
        JsonWebTokenHandler tokens, TokenValidationParameters validation)
    {
        var request = context.Request;
        Dictionary<string, string>? claims = null;
        if (route.RequiresJwt)
        {
            var header = request.Headers.Authorization.ToString();
            var result = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? await tokens.ValidateTokenAsync(header["Bearer ".Length..].Trim(), validation)
                : null;
            if (result is not { IsValid: true })
            {
                // What API Gateway's JWT authorizer answers; the function never runs.
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { message = "Unauthorized" });
                return;
            }

            claims = result.ClaimsIdentity.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var isText = request.ContentType is { } type && (type.Contains("json") || type.StartsWith("text/", StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow;
        var apiRequest = new ApiGatewayHttpRequest
        {
            Version = "2.0",
            RouteKey = $"{route.Method} {route.Path}",
            RawPath = request.Path,
            RawQueryString = request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
            Headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            QueryStringParameters = request.Query.Count == 0 ? null : request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            PathParameters = context.GetRouteData().Values.Count == 0
                ? null
                : context.GetRouteData().Values.ToDictionary(v => v.Key, v => v.Value?.ToString() ?? ""),
            RequestContext = new ApiGatewayRequestContext
            {
                AccountId = "000000000000",
                ApiId = "local",
                DomainName = request.Host.Value,
                RequestId = context.TraceIdentifier,
                RouteKey = $"{route.Method} {route.Path}",
                Stage = "$default",
                Time = now.ToString("dd/MMM/yyyy:HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
                Http = new ApiGatewayHttpDescription
                {
                    Method = request.Method, Path = request.Path, Protocol = request.Protocol,
                    SourceIp = context.Connection.RemoteIpAddress?.ToString(), UserAgent = request.Headers.UserAgent.ToString(),
                },
                Authorizer = claims is null ? null : new ApiGatewayAuthorizer { Jwt = new ApiGatewayJwt { Claims = claims, Scopes = [] } },
            },
            Body = body.Length == 0 ? null : isText ? Encoding.UTF8.GetString(body.ToArray()) : Convert.ToBase64String(body.ToArray()),
            IsBase64Encoded = body.Length > 0 && !isText,
        };

        var input = LambdaStreams.Write(apiRequest, FunctionJsonContext.Default.ApiGatewayHttpRequest);
        await using var output = await handler(input);
        var response = await LambdaStreams.ReadAsync(output, FunctionJsonContext.Default.ApiGatewayHttpResponse, context.RequestAborted)
                       ?? throw new InvalidOperationException($"{route.Path}: the function returned no response.");
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is { } responseBody)
        {
            await context.Response.Body.WriteAsync(
                response.IsBase64Encoded ? Convert.FromBase64String(responseBody) : Encoding.UTF8.GetBytes(responseBody), context.RequestAborted);
        }
    }
}
