using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TicketBottle.Contracts.Tickets;

/// <summary>
/// What the QR code on a ticket carries: base64url("ticketId|eventId") + "." + base64url(HMAC-SHA256). A gate
/// scanner holding the event's key verifies it offline; only the platform can mint one.
/// </summary>
public sealed class TicketTokens(byte[] key)
{
    public string Sign(TicketClaims claims)
    {
        var payload = Encoding.UTF8.GetBytes($"{claims.TicketId}|{claims.EventId}");
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, payload))}";
    }

    /// <summary>The claims of a genuine token, or null for a forged, altered or malformed one.</summary>
    public TicketClaims? Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || !Base64UrlText.TryDecode(parts[0], out var payload) || !Base64UrlText.TryDecode(parts[1], out var signature) ||
            !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('|');
        return fields.Length == 2 ? new TicketClaims(fields[0], fields[1]) : null;
    }

    /// <summary>
    /// What an offline check-in list holds instead of tokens: a scanner accepts a QR whose fingerprint is listed, and
    /// the list alone lets nobody print a ticket (SHA-256 of the token's text, base64url).
    /// </summary>
    public static string Fingerprint(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
