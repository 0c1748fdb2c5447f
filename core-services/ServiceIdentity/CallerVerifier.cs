using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBottle.ServiceIdentity;

/// <summary>
/// Server side: the caller's token must be signed by the key configured for the caller it names, be meant for this
/// service, and be current; then <see cref="CallerPolicy"/> must allow that caller this method. Otherwise
/// UNAUTHENTICATED or PERMISSION_DENIED, logged with the method and caller name only.
/// </summary>
public sealed class CallerVerifier
{
    public const string AuthorizationHeader = "authorization";
    // A caller reuses one token per target for minutes: verifying its signature once (~90 µs) and remembering the exact
    // string until it expires makes every further call a dictionary read. Only tokens that verified are kept.
    private readonly VerifiedTokenMemo<(string Caller, string Audience)> _verified = new(capacity: 10_000);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Dictionary<string, SecurityKey> _keys;
    private readonly ILogger _logger;

    public CallerVerifier(IReadOnlyDictionary<string, string> callerPublicKeys, ILogger logger)
    {
        _keys = callerPublicKeys.Where(c => c.Value.Length > 0).ToDictionary(c => c.Key, c =>
        {
            var key = ECDsa.Create();
            key.ImportFromPem(c.Value);
            return (SecurityKey)new ECDsaSecurityKey(key) { KeyId = c.Key };
        }, StringComparer.Ordinal);
        _logger = logger;
    }

    /// <summary>The caller's identity; throws the refusal.</summary>
    public async Task<string?> AuthorizeAsync(ServerCallContext context)
    {
        var method = context.Method;
        if (CallerPolicy.IsOpen(method))
        {
            return null;
        }

        var header = context.RequestHeaders.GetValue(AuthorizationHeader);
        var token = header?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? header["Bearer ".Length..] : null;
        var caller = token is null ? null : await VerifyAsync(token, CallerPolicy.ServiceOf(method));
        if (caller is null)
        {
            _logger.LogWarning("Refused {GrpcMethod}: no valid service identity", method);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "This call needs a valid service identity."));
        }

        if (!CallerPolicy.Allows(method, caller))
        {
            _logger.LogWarning("Refused {GrpcMethod} to {Caller}: not allowed by the caller policy", method, caller);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{caller} may not call {method}."));
        }

        return caller;
    }

    /// <summary>The caller a token proves for <paramref name="audience"/>, or null.</summary>
    public async Task<string?> VerifyAsync(string token, string audience)
    {
        if (_verified.TryGet(token, DateTime.UtcNow, out var known))
        {
            return known.Audience == audience ? known.Caller : null;
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // The key is the one configured for the caller the token names; the token's issuer must be that same caller.
        if (!_keys.TryGetValue(jwt.Kid ?? "", out var key) || jwt.Issuer != jwt.Kid)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = jwt.Kid,
            ValidAudience = audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid)
        {
            return null;
        }

        _verified.Remember(token, (jwt.Kid, audience), jwt.ValidTo, DateTime.UtcNow);
        return jwt.Kid;
    }
}
