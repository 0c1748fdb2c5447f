using System.Buffers.Text;

namespace TicketBottle.Contracts;

/// <summary>Base64url text from outside (a token someone presents): decoded, or refused — never an exception.</summary>
public static class Base64UrlText
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        // TryDecodeFromChars throws on characters or lengths base64url cannot have; a malformed token is a refusal.
        if (!Base64Url.IsValid(text, out var length))
        {
            bytes = [];
            return false;
        }

        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out _);
    }
}
