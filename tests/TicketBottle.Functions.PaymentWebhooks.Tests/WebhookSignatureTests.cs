using System.Text.Json;
using TicketBottle.Contracts.ProviderSignatures;

namespace TicketBottle.Functions.PaymentWebhooks.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void PayOS_canonical_string_sorts_keys_and_renders_values_like_the_reference_sdk()
    {
        using var data = JsonDocument.Parse("""
            {"orderCode":123,"amount":3000,"description":"VQRIO123","reference":"TF230204212323","code":"00",
             "counterAccountBankId":null,"paid":true,"items":[{"quantity":1,"name":"Vé VIP"}]}
            """);

        var canonical = PayOsSignature.CanonicalString(data.RootElement);

        Assert.Equal("amount=3000&code=00&counterAccountBankId=&description=VQRIO123&items=[{\"name\":\"Vé VIP\",\"quantity\":1}]" +
                     "&orderCode=123&paid=true&reference=TF230204212323", canonical);
    }

    [Fact]
    public void ZaloPay_mac_is_lowercase_hex_hmac_sha256_of_the_data_string()
    {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the RFC 4231-style textbook vector.
        var mac = ZaloPayMac.ForCallback("key", "The quick brown fox jumps over the lazy dog");

        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", mac);
    }

    [Theory]
    [InlineData("abcdef", "abcdef", true)]
    [InlineData("abcdef", "ABCDEF", true)]
    [InlineData("abcdef", "abcdee", false)]
    [InlineData("abcdef", "abc", false)]
    [InlineData("abcdef", null, false)]
    public void Hex_comparison(string expected, string? actual, bool equal) =>
        Assert.Equal(equal, Hmac.HexEquals(expected, actual));
}
