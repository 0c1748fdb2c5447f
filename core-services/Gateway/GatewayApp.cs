using IPNetwork = System.Net.IPNetwork;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Serilog;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Gateway.Api;
using TicketBottle.Gateway.Queue;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Gateway;

public static class GatewayApp
{
    public const string AuthRateLimit = "auth";
    private const string QueueStreamPathSuffix = "/waitroom/stream";
    private const string PlaceOrderPath = "/api/v1/orders";

    /// <param name="args">Command-line configuration, e.g. --Services:OrderUrl=… --Jwt:Issuer=…</param>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddJsonLogging("gateway");
        builder.AddServiceTelemetry("gateway");
        // Customers arrive in bursts (an on-sale opening, reconnecting streams): connections the accept loop has not
        // taken yet wait in the kernel's queue instead of being dropped and retried by the client a second or more later.
        // The kernel caps it at net.core.somaxconn.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize =
            builder.Configuration.GetValue($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MaxRequestBodyBytes)}", new GatewayOptions().MaxRequestBodyBytes));
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => Uri.IsWellFormedUriString(o.TicketsBaseUrl, UriKind.Absolute), "Gateway:TicketsBaseUrl is required.")
            .Validate(o => o.TrustedProxyNetworks.All(n => IPNetwork.TryParse(n, out _)), "Gateway:TrustedProxyNetworks must be CIDR networks.")
            .Validate(o => o.AllowedOrigins.All(u => Uri.IsWellFormedUriString(u, UriKind.Absolute)), "Gateway:AllowedOrigins must be absolute origins.")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Nothing is trusted by default (not even loopback); one hop: the address the trusted proxy itself appended.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            forwarded.ForwardLimit = 1;
            foreach (var network in gateway.Value.TrustedProxyNetworks)
            {
                forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
            }
        });
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<GatewayOptions>>((cors, gateway) => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. gateway.Value.AllowedOrigins])
            .WithMethods("GET", "POST", "PUT", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "Idempotency-Key", "X-Admission-Token")
            .WithExposedHeaders("Location", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        // Read when first used, not while building, so every configuration source (and a test host's) is seen.
        builder.Services.AddOptions<JwtValidationOptions>().BindConfiguration(JwtValidationOptions.SectionName)
            .Validate(o => Uri.IsWellFormedUriString(o.Issuer, UriKind.Absolute), "Jwt:Issuer must be the public URL the User service issues tokens as.")
            .ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtValidationOptions>, TimeProvider>((options, jwt, clock) =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingTokenHandler(clock));
                // Keys come from the issuer's JWKS (refetched when a token names an unknown kid, as after a rollover).
                options.MetadataAddress = jwt.Value.DiscoveryUrl;
                options.RequireHttpsMetadata = jwt.Value.RequireHttpsMetadata;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    // Only what the issuer signs with: no "none", no HMAC keyed with a public key.
                    ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = AccessPolicies.RolesClaim,
                };
            });
        // After JwtBearer's own post-configuration made the backchannel: the same retrieval, through the other address.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<IOptions<JwtValidationOptions>>((options, jwt) =>
            {
                if (jwt.Value.KeysFrom.Length > 0)
                {
                    options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(jwt.Value.DiscoveryUrl,
                        new OpenIdConnectConfigurationRetriever(), new IssuerDocumentRetriever(jwt.Value.Issuer, jwt.Value.KeysFrom,
                            new HttpDocumentRetriever(options.Backchannel) { RequireHttps = jwt.Value.RequireHttpsMetadata }));
                }
            });
        builder.Services.AddAuthorization(AccessPolicies.Add);
        builder.Services.AddSingleton<RetryPacing>();
        builder.Services.AddRateLimiter(ConfigureRateLimits);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<GrpcStatusMapping>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();

        builder.AddServiceClient<UserService.UserServiceClient>(o => o.UserUrl);
        builder.AddServiceClient<EventService.EventServiceClient>(o => o.EventUrl);
        builder.AddServiceClient<InventoryService.InventoryServiceClient>(o => o.InventoryUrl);
        builder.AddServiceClient<WaitroomService.WaitroomServiceClient>(o => o.WaitroomUrl);
        builder.AddServiceClient<OrderService.OrderServiceClient>(o => o.OrderUrl);
        builder.Services.AddOptions<QueueStreamOptions>().BindConfiguration(QueueStreamOptions.SectionName)
            .Validate(o => o.HeartbeatInterval >= TimeSpan.FromSeconds(1) && o.PresenceInterval > TimeSpan.Zero && o.FeedRetryLimit > TimeSpan.Zero,
                "QueueStreams intervals must be positive, the heartbeat at least a second.")
            .ValidateOnStart();
        builder.Services.AddSingleton<QueueFeeds>();
        builder.Services.AddSingleton<GateAccess>();
        builder.Services.AddHostedService<PresenceReporter>();

        var app = builder.Build();
        // First, so the rate limits and the logs see the client's address, not the load balancer's.
        app.UseForwardedHeaders();
        // Pages also ask the ticket PDF route (another origin: the functions' HTTP API) where an order's PDF is.
        var ticketsOrigin = new Uri(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.TicketsBaseUrl).GetLeftPart(UriPartial.Authority);
        var pagePolicy = $"default-src 'self'; connect-src 'self' {ticketsOrigin}; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
                         "form-action 'self'; frame-ancestors 'none'";
        app.Use((http, next) => SecurityHeaders(http, next, pagePolicy));
        // Outermost otherwise, so the log line carries the status the client got (after gRPC errors are mapped), not a 500.
        app.UseSerilogRequestLogging(logging =>
        {
            logging.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            logging.GetLevel = RequestLogLevels.Of;
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        var pages = new ManifestEmbeddedFileProvider(typeof(GatewayApp).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        // Revalidated on every load (ETag), so a deploy reaches every open phone at its next page.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages, OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache" });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        var pacing = app.Services.GetRequiredService<RetryPacing>();
        app.Use((http, next) =>
        {
            if (!IsQueueStream(http))
            {
                pacing.Answered();
            }

            return next(http);
        });

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/healthz").DisableRateLimiting();
        app.MapOpenId();
        // Where the payment provider sends the customer back: the order page, which reads the order through the API.
        app.MapGet("/orders/{orderId}", (string orderId) => TypedResults.Stream(pages.GetFileInfo("order.html").CreateReadStream(), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapGroup("/api/v1").MapAuth().MapEvents().MapWaitroom().MapOrders().MapAdmin().MapOrganizer().MapCheckIn();
        return app;
    }

    /// <summary>
    /// The API answers JSON only: nothing may sniff, frame or render it. The pages load only this origin's scripts and
    /// styles (no inline script, no third party), talk to this API and the PDF route, and are never framed. Browsers keep to HTTPS.
    /// </summary>
    private static Task SecurityHeaders(HttpContext http, Func<Task> next, string pagePolicy)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = IsPage(http.Request.Path) ? pagePolicy : "default-src 'none'; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        return next();
    }

    private static bool IsQueueStream(HttpContext http) => http.Request.Path.Value?.EndsWith(QueueStreamPathSuffix, StringComparison.Ordinal) == true;

    private static bool IsPage(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/.well-known") && !path.StartsWithSegments("/openapi") &&
        !path.StartsWithSegments("/healthz");

    /// <summary>
    /// A token bucket per customer (JWT subject) or, before login, per IP address; register/login additionally per IP
    /// per minute. Rejections are 429 problems with Retry-After.
    /// </summary>
    private static void ConfigureRateLimits(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(http =>
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
        // Load shedding: an overloaded pod answers the excess at once instead of letting every request wait out the
        // services' 5 s deadline (a 504 the client retries anyway, while the work it queued still runs). In the
        // 10,000-customer run that waiting turned a busy second into minutes of timeouts and retries.
        // Orders have a line of their own: an admitted customer's admission runs out, so the joins of an opening minute
        // must not crowd their order out.
        var inProgress = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (IsQueueStream(http))
            {
                return RateLimitPartition.GetNoLimiter("queue-streams");
            }

            var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var line = HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(PlaceOrderPath, StringComparison.Ordinal) ? "orders" : "in-progress";
            return RateLimitPartition.GetConcurrencyLimiter(line, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.MaxConcurrentRequests,
                QueueLimit = limits.MaxQueuedRequests,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, inProgress);
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
            // A caller's own bucket says when it refills (429: this caller is too fast); the pod-wide cap does not (503:
            // this pod is too busy, come back when the pacing says).
            var callerTooFast = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
            var status = callerTooFast ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
            context.HttpContext.Response.StatusCode = status;
            context.HttpContext.Response.Headers.RetryAfter = (callerTooFast
                ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                : context.HttpContext.RequestServices.GetRequiredService<RetryPacing>().RetryAfterSeconds()).ToString(CultureInfo.InvariantCulture);
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = status,
                    Detail = callerTooFast ? "Too many requests; slow down and retry later." : "Busy right now; retry after the time in Retry-After.",
                },
            });
        };
    }
}
