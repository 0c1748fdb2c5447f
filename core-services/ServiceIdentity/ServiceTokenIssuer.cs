using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBottle.ServiceIdentity;

/// <summary>
/// Signs this workload's short-lived tokens, one per target service (its audience), reused until a minute before they
/// expire so a call costs a dictionary read, not a signature.
/// </summary>
public sealed class ServiceTokenIssuer
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _tokens = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;
    private readonly string _name;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;

    /// <summary>Tokens of the default lifetime on the wall clock (the callee checks expiry against its own).</summary>
    public ServiceTokenIssuer(string name, string privateKeyPem)
        : this(name, privateKeyPem, ServiceIdentityOptions.DefaultTokenLifetime, TimeProvider.System)
    {
    }

    public ServiceTokenIssuer(string name, string privateKeyPem, TimeSpan lifetime, TimeProvider clock)
    {
        if (name.Length == 0 || privateKeyPem.Length == 0)
        {
            throw new InvalidOperationException("ServiceIdentity:Name and ServiceIdentity:PrivateKeyPem are required to call core services.");
        }

        var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        _credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = name }, SecurityAlgorithms.EcdsaSha256);
        (_name, _lifetime, _clock) = (name, lifetime, clock);
    }

    public string TokenFor(string audience)
    {
        var now = _clock.GetUtcNow();
        if (_tokens.TryGetValue(audience, out var cached) && cached.RenewAt > now)
        {
            return cached.Token;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _name,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, _name)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + _lifetime).UtcDateTime,
            SigningCredentials = _credentials,
        });
        _tokens[audience] = (token, now + _lifetime - TimeSpan.FromMinutes(1));
        return token;
    }
}
