using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TicketBottle.Contracts.ProviderSignatures;

/// <summary>
/// PayOS's HMAC-SHA256 signatures, built exactly as its official SDK (@payos/node 2.0.5, crypto provider and
/// convert-obj-to-query-str) builds them; tests run the SDK against these so both agree byte for byte.
/// </summary>
public static class PayOsSignature
{
    /// <summary>A payment request: the five fields in this fixed order, values as JavaScript prints them.</summary>
    public static string ForPaymentRequest(string checksumKey, long amount, string cancelUrl, string description, long orderCode,
        string returnUrl) =>
        Hmac.Hex(checksumKey, $"amount={amount}&cancelUrl={cancelUrl}&description={description}&orderCode={orderCode}&returnUrl={returnUrl}");

    /// <summary>A webhook's or an answer's <c>data</c> object: every field, sorted by name.</summary>
    public static string ForData(string checksumKey, JsonElement data) => Hmac.Hex(checksumKey, CanonicalString(data));

    /// <summary>
    /// The data object's fields sorted by name as k1=v1&amp;k2=v2. As in the SDK: null and the strings "null" and
    /// "undefined" become empty; numbers print as JavaScript prints them; an array becomes JSON.stringify of its
    /// elements with each element's own keys sorted (one level, not deeper); a nested object prints "[object Object]".
    /// </summary>
    public static string CanonicalString(JsonElement data) =>
        string.Join('&', data.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={CanonicalValue(p.Value)}"));

    private static string CanonicalValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is "null" or "undefined" ? "" : value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => JavaScriptNumber(value.GetDouble()),
        JsonValueKind.Array => ArrayJson(value),
        _ => "[object Object]",
    };

    private static readonly JsonWriterOptions LikeJsonStringify = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ArrayJson(JsonElement array)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, LikeJsonStringify))
        {
            writer.WriteStartArray();
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    WriteValue(writer, item);
                    continue;
                }

                writer.WriteStartObject();
                foreach (var property in item.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteValue(writer, property.Value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            writer.WriteRawValue(JavaScriptNumber(value.GetDouble()));
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Number.prototype.toString(): shortest round-trip digits, plain notation for 1e-7 &lt; |x| &lt; 1e21.</summary>
    public static string JavaScriptNumber(double number)
    {
        if (number == 0)
        {
            return "0";
        }

        var sign = number < 0 ? "-" : "";
        // .NET's "R" is the shortest round-trip form, as JavaScript's; only the notation differs.
        var (digits, exponent) = Decompose(Math.Abs(number).ToString("R", CultureInfo.InvariantCulture));
        var n = exponent + 1; // position of the decimal point relative to the digits, as in ECMA-262 Number::toString
        var k = digits.Length;
        string text;
        if (k <= n && n <= 21)
        {
            text = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            text = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            text = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }

        return sign + text;
    }

    /// <summary>"1.25E+21" or "123.45" → ("125", 21) / ("12345", 2): significant digits and the exponent of the first.</summary>
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.');
        var integerPart = point >= 0 ? text[..point] : text;
        var all = integerPart + (point >= 0 ? text[(point + 1)..] : "");
        exponent += integerPart.Length - 1;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        exponent -= leadingZeros;
        var digits = all.Trim('0');
        return (digits.Length == 0 ? "0" : digits, exponent);
    }
}
