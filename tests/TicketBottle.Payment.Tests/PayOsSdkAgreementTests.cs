using System.Text.Json;
using System.Text.Json.Nodes;
using TicketBottle.Contracts.ProviderSignatures;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Payment.Tests;

/// <summary>Our PayOS signatures against PayOS's official Node SDK (@payos/node, tools/local-aws), on awkward inputs.</summary>
public sealed class PayOsSdkAgreementTests
{
    private const string ChecksumKey = "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675";

    /// <summary>Webhook and answer data as PayOS sends them, and the corners of the SDK's canonical string.</summary>
    private static readonly string[] Data =
    [
        """{"orderCode":123,"amount":3000,"description":"VQRIO123","accountNumber":"12345678","reference":"TF230204212323","transactionDateTime":"2023-02-04 18:25:00","currency":"VND","paymentLinkId":"124c33293c43417ab7879e14c8d9eb18","code":"00","desc":"Thành công","counterAccountBankId":"","counterAccountBankName":"","counterAccountName":null,"counterAccountNumber":null,"virtualAccountName":"","virtualAccountNumber":""}""",
        """{"s":"null","u":"undefined","n":null,"t":true,"f":false,"e":"","vi":"Đêm nhạc Hà Nội – Khu A","amp":"a&b=c"}""",
        """{"int":1500000,"float":2.50,"exp":1e21,"small":0.000001,"tiny":1e-7,"neg":-42,"big":123456789012345678}""",
        """{"items":[{"quantity":2,"name":"Vé \"VIP\"","price":1500000,"meta":{"z":1,"a":2}},{"name":"Đứng","quantity":1,"price":600000}],"nested":{"b":1,"a":2},"empty":[]}""",
    ];

    [Fact]
    public async Task Our_payment_request_and_data_signatures_match_the_official_sdk_byte_for_byte()
    {
        var request = new JsonObject
        {
            ["orderCode"] = 100042, ["amount"] = 3_000_000, ["description"] = "TB 100042",
            ["cancelUrl"] = "https://ticketbottle.vn/orders/7c1d?checkout=cancelled", ["returnUrl"] = "https://ticketbottle.vn/orders/7c1d",
        };
        var input = new JsonObject
        {
            ["checksumKey"] = ChecksumKey, ["paymentRequest"] = request,
            ["data"] = new JsonArray(Data.Select(d => JsonNode.Parse(d)).ToArray()),
        };

        var sdk = JsonDocument.Parse(await ProcessRunner.RunAsync("node",
            [Path.Combine(RepositoryPaths.Root, "tools", "local-aws", "payos-signatures.js"), input.ToJsonString()], TimeSpan.FromSeconds(30))).RootElement;

        Assert.Equal(sdk.GetProperty("paymentRequest").GetString(), PayOsSignature.ForPaymentRequest(ChecksumKey, 3_000_000,
            "https://ticketbottle.vn/orders/7c1d?checkout=cancelled", "TB 100042", 100042, "https://ticketbottle.vn/orders/7c1d"));
        var sdkData = sdk.GetProperty("data").EnumerateArray().Select(s => s.GetString()).ToList();
        for (var i = 0; i < Data.Length; i++)
        {
            using var data = JsonDocument.Parse(Data[i]);
            Assert.True(sdkData[i] == PayOsSignature.ForData(ChecksumKey, data.RootElement),
                $"data {i}: SDK {sdkData[i]}, ours over \"{PayOsSignature.CanonicalString(data.RootElement)}\"");
        }
    }

    [Theory]
    [InlineData(1500000d, "1500000")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345678d, "123456789012345680")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-42d, "-42")]
    [InlineData(1.5e-10, "1.5e-10")]
    public void Numbers_print_as_javascript_prints_them(double number, string expected) =>
        Assert.Equal(expected, PayOsSignature.JavaScriptNumber(number));
}
