using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Bench.Waitroom;

/// <summary>
/// An access-token issuer for the bench: its discovery document and JWKS on loopback, and tokens shaped like the User
/// service's (ES256, the API audience), so the Gateway verifies them exactly as in production without sign-ups.
/// </summary>
public sealed class StandInIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ECDsaSecurityKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "bench-1" };
    private readonly JsonWebTokenHandler _tokens = new();

    private StandInIssuer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<StandInIssuer> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var issuer = new StandInIssuer(app, url);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = url, ["jwks_uri"] = $"{url}/.well-known/jwks.json", ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        }));
        app.MapGet("/.well-known/jwks.json", () => Results.Text(issuer.Jwks(), "application/jwk-set+json"));
        await app.StartAsync();
        return issuer;
    }

    public string AccessToken(string customerId) => _tokens.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Url,
        Audience = "ticketbottle-api",
        Expires = DateTime.UtcNow.AddHours(1),
        Subject = new ClaimsIdentity([new Claim("sub", customerId), new Claim("email", $"{customerId}@example.vn"), new Claim("name", "Khách")]),
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
    });

    private string Jwks()
    {
        var key = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(_key.ECDsa.ExportParameters(false))) { KeyId = _key.KeyId });
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = key.Kty, crv = key.Crv, x = key.X, y = key.Y, kid = key.Kid, alg = "ES256", use = "sig" } } });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
