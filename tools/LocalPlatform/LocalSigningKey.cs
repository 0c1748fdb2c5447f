using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

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
        var path = dataDirectory is null ? null : Path.Combine(dataDirectory, "jwt-signing-key.pem");
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (path is not null && File.Exists(path))
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }

        var pem = ecdsa.ExportPkcs8PrivateKeyPem();
        if (path is not null && !File.Exists(path))
        {
            File.WriteAllText(path, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        // RFC 7638 thumbprint: a key id that changes with the key and nothing else.
        var thumbprint = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecdsa)).ComputeJwkThumbprint();
        return new LocalSigningKey($"local-{Base64UrlEncoder.Encode(thumbprint)[..16]}", pem);
    }
}
