using Microsoft.IdentityModel.Tokens;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// The User service's ES256 key for the loopback platform: generated on first use and kept in the data directory, so
/// access tokens survive a restart of ./run.sh; without a data directory (tests) a fresh one per platform. In AWS the
/// key comes from Secrets Manager instead (tools/deploy/jwt-signing-key.sh).
/// </summary>
public sealed record LocalSigningKey(string KeyId, string PrivateKeyPem)
{
    public static LocalSigningKey Load(string? dataDirectory)
    {
        using var ecdsa = LocalKeyFile.LoadOrCreateP256(dataDirectory is null ? null : Path.Combine(dataDirectory, "jwt-signing-key.pem"));
        // RFC 7638 thumbprint: a key id that changes with the key and nothing else.
        var thumbprint = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecdsa)).ComputeJwkThumbprint();
        return new LocalSigningKey($"local-{Base64UrlEncoder.Encode(thumbprint)[..16]}", ecdsa.ExportPkcs8PrivateKeyPem());
    }
}
