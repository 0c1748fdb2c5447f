namespace TicketBottle.Contracts.ProviderSignatures;

/// <summary>
/// ZaloPay's MACs: HMAC-SHA256 over fields joined with '|' (key1 for our requests, key2 for its callbacks), as its
/// API reference for /v2/create, /v2/query, /v2/refund, /v2/query_refund and the callback specifies them.
/// </summary>
public static class ZaloPayMac
{
    public static string ForCreate(string key1, long appId, string appTransId, string appUser, long amount, long appTime, string embedData,
        string item) => Hmac.Hex(key1, $"{appId}|{appTransId}|{appUser}|{amount}|{appTime}|{embedData}|{item}");

    public static string ForQuery(string key1, long appId, string appTransId) => Hmac.Hex(key1, $"{appId}|{appTransId}|{key1}");

    public static string ForRefund(string key1, long appId, string zpTransId, long amount, string description, long timestamp) =>
        Hmac.Hex(key1, $"{appId}|{zpTransId}|{amount}|{description}|{timestamp}");

    public static string ForRefundQuery(string key1, long appId, string refundId, long timestamp) =>
        Hmac.Hex(key1, $"{appId}|{refundId}|{timestamp}");

    /// <summary>A callback: the <c>data</c> string exactly as received, with key2.</summary>
    public static string ForCallback(string key2, string data) => Hmac.Hex(key2, data);
}
