using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.User.V1;

namespace TicketBottle.Gateway;

/// <summary>
/// The token issuer's OpenID discovery document and JWKS at the issuer URL, which API Gateway's JWT authorizer and the
/// Gateway itself read to verify access tokens. The keys come from the User service, cached briefly.
/// </summary>
public static class OpenIdEndpoints
{
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks.json";
    // Verifiers refetch on an unknown kid; a rollover publishes the next key well before it signs (see docs/runbooks).
    private static readonly TimeSpan KeysCacheLifetime = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapOpenId(this IEndpointRouteBuilder app)
    {
        app.MapGet(DiscoveryPath, (IOptions<JwtValidationOptions> jwt, HttpContext http) =>
        {
            var issuer = jwt.Value.Issuer.TrimEnd('/');
            http.Response.Headers.CacheControl = "public, max-age=300";
            return TypedResults.Json(new Dictionary<string, object>
            {
                ["issuer"] = jwt.Value.Issuer,
                ["jwks_uri"] = issuer + JwksPath,
                ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
                ["subject_types_supported"] = new[] { "public" },
                ["response_types_supported"] = new[] { "token" },
            });
        }).ExcludeFromDescription().DisableRateLimiting();
        app.MapGet(JwksPath, async (UserService.UserServiceClient users, IMemoryCache cache, HttpContext http) =>
        {
            var jwks = await cache.GetOrCreateAsync(JwksPath, async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = KeysCacheLifetime;
                return (await users.GetSigningKeysAsync(new GetSigningKeysRequest(), cancellationToken: http.RequestAborted)).JwksJson;
            });
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(jwks!, "application/jwk-set+json");
        }).ExcludeFromDescription().DisableRateLimiting();
        return app;
    }
}
