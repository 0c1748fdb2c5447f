using System.Globalization;
using System.Text;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Order;

/// <summary>Where a page of a customer's orders ended: base64 of "created-at-ms|order-id". Anything else is the caller's mistake.</summary>
public static class OrderPageToken
{
    public static string Encode(DateTimeOffset createdAt, string orderId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{orderId}"));

    public static (DateTimeOffset CreatedAt, string OrderId)? Decode(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var bytes = new byte[token.Length];
        var parts = Convert.TryFromBase64String(token, bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length).Split('|', 2) : [];
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < 253_402_300_800_000
            && Guid.TryParse(parts[1], out _))
        {
            return (DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[1]);
        }

        throw Invalid("page_token is not one this service issued.");
    }
}
