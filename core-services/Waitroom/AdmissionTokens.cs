using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts;

namespace TicketBottle.Waitroom;

/// <summary>
/// "payload.signature", both base64url; payload = event|customer|expiry-ms|nonce, signature = HMAC-SHA256. The
/// signature and expiry are checked without Redis; the nonce ties the token to the admission recorded in Redis,
/// so a token outlives neither its admission nor a purge.
/// </summary>
public sealed class AdmissionTokens(IOptions<WaitroomOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.AdmissionTokenKey);

    public string Issue(AdmissionClaims claims)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('|', claims.EventId, claims.CustomerId,
            claims.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), claims.Nonce));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload))}";
    }

    /// <summary>The claims of a token we signed, or null for anything forged, malformed or tampered with.</summary>
    public AdmissionClaims? Read(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Base64UrlText.TryDecode(token[..dot], out var payload) || !Base64UrlText.TryDecode(token[(dot + 1)..], out var signature) ||
            !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        return parts.Length == 4 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresMs)
            ? new AdmissionClaims(parts[0], parts[1], DateTimeOffset.FromUnixTimeMilliseconds(expiresMs), parts[3])
            : null;
    }
}
