using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace TicketBottle.User;

/// <summary>The configured ES256 keys: the active one signs, all of them are published as the JWKS.</summary>
public sealed class SigningKeyRing
{
    public SigningKeyRing(IOptions<JwtOptions> options)
    {
        var jwt = options.Value;
        var keys = jwt.ConfiguredKeys.Select(k =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(k.PrivateKeyPem);
            if (ecdsa.KeySize != 256)
            {
                throw new InvalidOperationException($"Jwt signing key {k.KeyId} must be a P-256 key for ES256.");
            }

            return new ECDsaSecurityKey(ecdsa) { KeyId = k.KeyId };
        }).ToList();
        var activeId = jwt.ActiveKeyId.Length > 0 ? jwt.ActiveKeyId : keys[0].KeyId;
        Active = new SigningCredentials(keys.Single(k => k.KeyId == activeId), SecurityAlgorithms.EcdsaSha256);
        JwksJson = JsonSerializer.Serialize(new
        {
            keys = keys.Select(k =>
            {
                var p = k.ECDsa.ExportParameters(includePrivateParameters: false);
                return new Dictionary<string, string>
                {
                    ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = k.KeyId,
                    ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
                };
            }),
        });
    }

    public SigningCredentials Active { get; }

    /// <summary>Public parts only.</summary>
    public string JwksJson { get; }

    public static bool IsValid(JwtOptions options)
    {
        var keys = options.ConfiguredKeys.ToList();
        return keys.Count > 0
               && keys.All(k => k.KeyId.Length is > 0 and <= 64 && k.PrivateKeyPem.Contains("PRIVATE KEY", StringComparison.Ordinal))
               && keys.Select(k => k.KeyId).Distinct().Count() == keys.Count
               && (options.ActiveKeyId.Length == 0 || keys.Any(k => k.KeyId == options.ActiveKeyId))
               && Uri.TryCreate(options.Issuer, UriKind.Absolute, out _);
    }
}
