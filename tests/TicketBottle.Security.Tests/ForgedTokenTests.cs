using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBottle.Security.Tests;

/// <summary>
/// Access tokens are checked through the issuer's discovery document and JWKS, the same way by the Gateway and by the
/// function host standing in for API Gateway's JWT authorizer: every forgery is 401 at both, a genuine token passes both.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ForgedTokenTests(PlatformFixture fixture)
{
    public static TheoryData<string> Forgeries() => ["alg none", "HS256 keyed with the public key", "unknown kid", "another key, the real kid",
        "wrong issuer", "wrong audience", "expired", "garbage"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_token_is_401_at_the_Gateway_and_at_the_ticket_route(string forgery)
    {
        var token = Forge(forgery);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GatewayOrderAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TicketRouteAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_the_issuers_key_passes_both()
    {
        var token = Sign(RealKey, issuer: fixture.Platform.Topology.JwtIssuer, audience: "ticketbottle-api", expires: DateTime.UtcNow.AddMinutes(5));

        // Past authentication: the order does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await GatewayOrderAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await TicketRouteAsync(token)).StatusCode);
    }

    [Fact]
    public async Task The_issuer_publishes_its_discovery_document_and_public_keys_only()
    {
        using var http = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };

        var discovery = (await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/.well-known/openid-configuration"))!;
        var jwks = new JsonWebKeySet(await http.GetStringAsync(discovery["jwks_uri"]!.GetValue<string>()));

        Assert.Equal(fixture.Platform.Topology.JwtIssuer, discovery["issuer"]!.GetValue<string>());
        var key = Assert.Single(jwks.Keys);
        Assert.Equal((RealKey.KeyId, "ES256"), (key.Kid, key.Alg));
        Assert.False(key.HasPrivateKey);
    }

    private ECDsaSecurityKey RealKey
    {
        get
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(fixture.Platform.Topology.JwtSigningKey.PrivateKeyPem);
            return new ECDsaSecurityKey(ecdsa) { KeyId = fixture.Platform.Topology.JwtSigningKey.KeyId };
        }
    }

    private string Forge(string forgery)
    {
        var (issuer, audience, later) = (fixture.Platform.Topology.JwtIssuer, "ticketbottle-api", DateTime.UtcNow.AddMinutes(5));
        var stranger = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        return forgery switch
        {
            "alg none" => $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(
                $$"""{"sub":"{{Guid.NewGuid()}}","iss":"{{issuer}}","aud":"{{audience}}","exp":{{new DateTimeOffset(later).ToUnixTimeSeconds()}}}""")}.",
            // The classic confusion: a verifier that takes the alg from the token would check an HMAC keyed with the public key.
            "HS256 keyed with the public key" => Sign(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(
                JsonWebKeyConverter.ConvertFromECDsaSecurityKey(RealKey).X + RealKey.KeyId + new string('k', 32))) { KeyId = RealKey.KeyId },
                issuer, audience, later, SecurityAlgorithms.HmacSha256),
            "unknown kid" => Sign(new ECDsaSecurityKey(stranger.ECDsa) { KeyId = "not-published" }, issuer, audience, later),
            "another key, the real kid" => Sign(new ECDsaSecurityKey(stranger.ECDsa) { KeyId = RealKey.KeyId }, issuer, audience, later),
            "wrong issuer" => Sign(RealKey, "https://evil.example", audience, later),
            "wrong audience" => Sign(RealKey, issuer, "another-api", later),
            "expired" => Sign(RealKey, issuer, audience, DateTime.UtcNow.AddMinutes(-5)),
            _ => "not.a.token",
        };
    }

    private static string Sign(SecurityKey key, string issuer, string audience, DateTime expires, string algorithm = SecurityAlgorithms.EcdsaSha256) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-30),
            NotBefore = expires.AddMinutes(-30),
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("email", "attacker@example.vn")]),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });

    private async Task<HttpResponseMessage> GatewayOrderAsync(string token) =>
        await SendAsync(fixture.Platform.GatewayUrl, $"/api/v1/orders/{Guid.NewGuid()}", token);

    private async Task<HttpResponseMessage> TicketRouteAsync(string token) =>
        await SendAsync(fixture.Platform.FunctionsUrl, $"/orders/{Guid.NewGuid()}/tickets.pdf", token);

    private static async Task<HttpResponseMessage> SendAsync(Uri baseUrl, string path, string token)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
