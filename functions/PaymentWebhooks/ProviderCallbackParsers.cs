using System.Globalization;
using System.Text.Json;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.ProviderSignatures;

namespace TicketBottle.Functions.PaymentWebhooks;

public static class ProviderCallbackParsers
{

    /// <summary>ZaloPay body: {"data": "&lt;json string&gt;", "mac": "&lt;hex&gt;", "type": 1}. ZaloPay only calls back for paid orders.</summary>
    public static ParseResult ParseZaloPay(string body, WebhookOptions options)
    {
        using var document = TryParse(body);
        if (document?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Malformed("Body must be a JSON object.");
        }

        var root = document.RootElement;
        if (!TryGetString(root, "data", out var data) || !TryGetString(root, "mac", out var mac))
        {
            return ParseResult.Malformed("Fields 'data' and 'mac' are required strings.");
        }

        if (!Hmac.HexEquals(ZaloPayMac.ForCallback(options.ZaloPayKey2, data), mac))
        {
            return new ParseResult(ParseStatus.BadSignature, "mac not equal");
        }

        using var dataDocument = TryParse(data);
        if (dataDocument?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Malformed("'data' must be a JSON object.");
        }

        var fields = dataDocument.RootElement;
        if (!TryGetInt64(fields, "app_id", out var appId) || !TryGetString(fields, "app_trans_id", out var appTransId) ||
            !TryGetInt64(fields, "zp_trans_id", out var zpTransId) || !TryGetInt64(fields, "amount", out var amount))
        {
            return ParseResult.Malformed("'data' needs app_id, app_trans_id, zp_trans_id and amount.");
        }

        if (appId != options.ZaloPayAppId)
        {
            return new ParseResult(ParseStatus.WrongApp, $"app_id {appId} is not ours");
        }

        DateTimeOffset? paidAt = TryGetInt64(fields, "server_time", out var serverTime) ? DateTimeOffset.FromUnixTimeMilliseconds(serverTime) : null;
        return new ParseResult(ParseStatus.Ok, "", new VerifiedCallback(
            appTransId, zpTransId.ToString(CultureInfo.InvariantCulture), amount, ProviderOutcome.Succeeded, paidAt));
    }

    /// <summary>PayOS body: {code, desc, success, data{orderCode, amount, reference, code, …}, signature}.</summary>
    public static ParseResult ParsePayOs(string body, WebhookOptions options)
    {
        using var document = TryParse(body);
        if (document?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Malformed("Body must be a JSON object.");
        }

        var root = document.RootElement;
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !TryGetString(root, "signature", out var signature))
        {
            return ParseResult.Malformed("Fields 'data' (object) and 'signature' (string) are required.");
        }

        if (!Hmac.HexEquals(PayOsSignature.ForData(options.PayOsChecksumKey, data), signature))
        {
            return new ParseResult(ParseStatus.BadSignature, "Signature does not match.");
        }

        if (!TryGetInt64(data, "orderCode", out var orderCode) || !TryGetInt64(data, "amount", out var amount) ||
            !TryGetString(data, "reference", out var reference) || reference.Length == 0)
        {
            return ParseResult.Malformed("'data' needs orderCode, amount and reference.");
        }

        // Only the signed data counts: the envelope's code and success are outside the signature, anyone could flip them.
        var paid = TryGetString(data, "code", out var dataCode) && dataCode == "00";
        var paidAt = TryGetString(data, "transactionDateTime", out var paidText) ? PayOsTime.Parse(paidText) : null;
        return new ParseResult(ParseStatus.Ok, "", new VerifiedCallback(
            orderCode.ToString(CultureInfo.InvariantCulture), reference, amount,
            paid ? ProviderOutcome.Succeeded : ProviderOutcome.Failed, paidAt));
    }

    private static JsonDocument? TryParse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        value = "";
        if (!element.TryGetProperty(name, out var property) || property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = property.GetString()!;
        return true;
    }

    private static bool TryGetInt64(JsonElement element, string name, out long value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number &&
               property.TryGetInt64(out value);
    }
}
