using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>The Gateway in memory with fake gRPC clients in place of the core services.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    /// <summary>The User service's key in these tests; <see cref="FakeUsers"/> publishes it as the JWKS.</summary>
    public static readonly ECDsaSecurityKey SigningKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "unit-key-1" };
    /// <summary>Tokens name the public issuer; the Gateway reads the issuer's documents from itself (the test server), as in the cluster.</summary>
    private const string Issuer = "https://api.ticketbottle.test";

    /// <summary>Replaced by each test (the host is shared, its clients are resolved per request).</summary>
    public FakeUsers Users { get; set; } = new();
    public FakeOrders Orders { get; set; } = new();
    public int Burst { get; init; } = 1000;
    public int MaxConcurrentRequests { get; init; } = 128;
    public FakeWaitroom Waitroom { get; } = new();
    /// <summary>The address the request arrives from (the in-memory server has none of its own).</summary>
    public IPAddress PeerAddress { get; set; } = IPAddress.Parse("192.0.2.10");
    public const string TrustedProxyNetwork = "10.0.0.0/16";
    public const string StorefrontOrigin = "https://tickets.ticketbottle.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Addresses are required at start-up; nothing is called there, the fakes answer instead.
        foreach (var service in new[] { "User", "Event", "Inventory", "Waitroom", "Order" })
        {
            builder.UseSetting($"Services:{service}Url", "http://127.0.0.1:9");
        }

        builder.UseSetting("Gateway:TicketsBaseUrl", "https://functions.example.vn");
        builder.UseSetting("Gateway:TrustedProxyNetworks:0", TrustedProxyNetwork);
        builder.UseSetting("Gateway:AllowedOrigins:0", StorefrontOrigin);
        builder.UseSetting("Jwt:Issuer", Issuer);
        builder.UseSetting("Jwt:KeysFrom", "http://localhost");
        builder.UseSetting("Jwt:RequireHttpsMetadata", "false");
        builder.UseSetting("RateLimits:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:TokensPerSecond", "1");
        builder.UseSetting("RateLimits:MaxConcurrentRequests", MaxConcurrentRequests.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:MaxQueuedRequests", "0");
        builder.UseSetting("Logging:Level", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.AddTransient<UserService.UserServiceClient>(_ => Users);
            services.AddTransient<OrderService.OrderServiceClient>(_ => Orders);
            services.AddSingleton<WaitroomService.WaitroomServiceClient>(Waitroom);
            services.AddSingleton<IStartupFilter>(new PeerAddressFilter(() => PeerAddress));
            // The discovery and JWKS requests go to this in-memory server instead of a socket.
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = Server.CreateHandler());
        });
    }

    public static string JwksJson => JsonSerializer.Serialize(new
    {
        keys = new[] { JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(SigningKey.ECDsa.ExportParameters(false))) { KeyId = SigningKey.KeyId }) }
            .Select(k => new { k.Kty, k.Crv, k.X, k.Y, k.Kid, alg = "ES256", use = "sig" }),
    }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    /// <summary>A client signed in as <paramref name="customerId"/> with a token like the User service's (or signed with another key).</summary>
    public HttpClient SignedIn(string customerId, ECDsaSecurityKey? signingKey = null)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "ticketbottle-api",
            Expires = DateTime.UtcNow.AddMinutes(30),
            Subject = new ClaimsIdentity([new Claim("sub", customerId), new Claim("email", $"{customerId}@example.vn"), new Claim("name", "Khách")]),
            SigningCredentials = new SigningCredentials(signingKey ?? SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Gives each request the connection's remote address a real socket would have, before any middleware.</summary>
    private sealed class PeerAddressFilter(Func<IPAddress> peer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress = peer();
                return following();
            });
            next(app);
        };
    }
}
