using System.Net;
using System.Net.Http.Json;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>What the Gateway believes and says about the connection: client address, browser origins, response headers.</summary>
public sealed class EdgeHeaderTests : IClassFixture<GatewayFactory>
{
    private readonly GatewayFactory _gateway;

    public EdgeHeaderTests(GatewayFactory gateway)
    {
        _gateway = gateway;
        _gateway.Users = new FakeUsers();
    }

    [Theory]
    [InlineData("10.0.3.4", "203.0.113.7")] // the load balancer: its X-Forwarded-For entry is the client
    [InlineData("192.0.2.10", "192.0.2.10")] // anyone else: the header is ignored, the peer is the client
    public async Task X_Forwarded_For_counts_only_from_a_trusted_proxy(string peer, string clientSeen)
    {
        _gateway.PeerAddress = IPAddress.Parse(peer);
        using var client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = "fan@example.vn", password = "whatever-it-is" }),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        await client.SendAsync(request);

        Assert.Equal(clientSeen, _gateway.Users.LoginClientIp);
    }

    [Fact]
    public async Task Only_the_storefront_origin_may_call_from_a_browser()
    {
        using var client = _gateway.CreateClient();

        var allowed = await client.SendAsync(Preflight(GatewayFactory.StorefrontOrigin));
        var foreign = await client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal(GatewayFactory.StorefrontOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Idempotency-Key", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/healthz", false)]
    [InlineData("/api/v1/orders/not-a-guid", false)]
    [InlineData("/no/such/route", true)]
    [InlineData("/", true)]
    [InlineData("/js/event.js", true)]
    public async Task Every_answer_carries_the_security_headers(string path, bool page)
    {
        using var client = _gateway.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        // The API renders nothing; pages run this origin's scripts only (no inline script or style, no third party).
        Assert.StartsWith(page ? "default-src 'self'" : "default-src 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/orders");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key,x-admission-token");
        return request;
    }
}
