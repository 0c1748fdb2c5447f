using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TicketBottle.Functions.PaymentWebhooks;

/// <summary>The providers' HMAC-SHA256 schemes; comparisons are constant-time.</summary>
public static class WebhookSignatures
{
    /// <summary>ZaloPay callback: mac = hex(HMAC-SHA256(key2, data)) over the data string exactly as received.</summary>
    public static string ZaloPayMac(string key2, string data) => HmacHex(key2, data);

    /// <summary>
    /// PayOS webhook: hex(HMAC-SHA256(checksumKey, canonical)) where canonical is the data object's fields sorted by key
    /// (ordinal) as k1=v1&amp;k2=v2; null becomes empty, arrays become JSON with each object's keys sorted.
    /// </summary>
    public static string PayOsSignature(string checksumKey, JsonElement data) => HmacHex(checksumKey, PayOsCanonicalString(data));

    public static string PayOsCanonicalString(JsonElement data)
    {
        var fields = data.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={CanonicalValue(p.Value)}");
        return string.Join('&', fields);
    }

    public static bool HexEquals(string expectedHex, string? actualHex)
    {
        if (actualHex is null || actualHex.Length != expectedHex.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(actualHex.ToLowerInvariant()));
    }

    private static string HmacHex(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));

    private static string CanonicalValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => SortedJson(value),
        _ => value.GetRawText(),
    };

    private static readonly JsonWriterOptions CompactUnescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What JavaScript's JSON.stringify prints for the array after sorting each object's keys.</summary>
    private static string SortedJson(JsonElement array)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactUnescaped))
        {
            WriteSorted(writer, array);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
