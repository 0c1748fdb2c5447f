using System.Security.Cryptography;
using System.Text;

namespace TicketBottle.Contracts.ProviderSignatures;

/// <summary>The HMAC-SHA256 both providers sign with, as lower-case hex; comparisons are constant-time.</summary>
public static class Hmac
{
    public static string Hex(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));

    public static bool HexEquals(string expectedHex, string? actualHex) =>
        actualHex is not null && actualHex.Length == expectedHex.Length &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(actualHex.ToLowerInvariant()));
}
