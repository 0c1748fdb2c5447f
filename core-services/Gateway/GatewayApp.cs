using System.Text;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Serilog;
using Serilog.Events;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Gateway.Api;
using TicketBottle.Logging;

namespace TicketBottle.Gateway;

public static class GatewayApp
{
    public const string AuthRateLimit = "auth";

    /// <param name="args">Command-line configuration, e.g. --Gateway:OrderUrl=… --Jwt:SigningKey=…</param>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var level = builder.Configuration.GetValue("Logging:Level", LogEventLevel.Information);
        builder.Services.AddSerilog((_, configuration) => JsonLogging.Configure(configuration, "gateway", level));

        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => new[] { o.UserUrl, o.EventUrl, o.InventoryUrl, o.WaitroomUrl, o.OrderUrl, o.TicketsBaseUrl }
                .All(u => Uri.IsWellFormedUriString(u, UriKind.Absolute)), "Every Gateway:*Url setting is required.")
            .ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        var jwt = builder.Configuration.GetSection(JwtValidationOptions.SectionName).Get<JwtValidationOptions>() ?? new JwtValidationOptions();
        if (Encoding.UTF8.GetByteCount(jwt.SigningKey) < 32)
        {
            throw new OptionsValidationException(JwtValidationOptions.SectionName, typeof(JwtValidationOptions),
                ["Jwt:SigningKey must be at least 32 bytes and match the User service's."]);
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
            };
        });
        builder.Services.AddAuthorization();
        builder.Services.AddRateLimiter(ConfigureRateLimits);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<GrpcStatusMapping>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();

        builder.Services.AddSingleton<DeadlineInterceptor>();
        AddClient<UserService.UserServiceClient>(builder, o => o.UserUrl);
        AddClient<EventService.EventServiceClient>(builder, o => o.EventUrl);
        AddClient<InventoryService.InventoryServiceClient>(builder, o => o.InventoryUrl);
        AddClient<WaitroomService.WaitroomServiceClient>(builder, o => o.WaitroomUrl);
        AddClient<OrderService.OrderServiceClient>(builder, o => o.OrderUrl);

        var app = builder.Build();
        // Outermost, so the log line carries the status the client got (after gRPC errors are mapped), not a 500.
        app.UseSerilogRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/healthz").DisableRateLimiting();
        app.MapGroup("/api/v1").MapAuth().MapEvents().MapWaitroom().MapOrders();
        return app;
    }

    /// <summary>
    /// A token bucket per customer (JWT subject) or, before login, per IP address; register/login additionally per IP
    /// per minute. Rejections are 429 problems with Retry-After.
    /// </summary>
    private static void ConfigureRateLimits(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var key = http.User.FindFirst("sub")?.Value is { } subject ? $"customer:{subject}" : $"ip:{http.Connection.RemoteIpAddress}";
            return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.TokensPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            });
        });
        limiter.AddPolicy(AuthRateLimit, http =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter($"auth:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.AuthPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = "Too many requests; slow down and retry later." },
            });
        };
    }

    /// <summary>Deadline on every unary call; transparent retries (3 attempts, backoff) when a service is UNAVAILABLE.</summary>
    private static void AddClient<TClient>(WebApplicationBuilder builder, Func<GatewayOptions, string> url) where TClient : class =>
        builder.Services
            .AddGrpcClient<TClient>((sp, o) => o.Address = new Uri(url(sp.GetRequiredService<IOptions<GatewayOptions>>().Value)))
            .AddInterceptor<DeadlineInterceptor>(InterceptorScope.Client)
            .ConfigureChannel(channel => channel.ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 3,
                            InitialBackoff = TimeSpan.FromMilliseconds(100),
                            MaxBackoff = TimeSpan.FromSeconds(1),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            });
}
