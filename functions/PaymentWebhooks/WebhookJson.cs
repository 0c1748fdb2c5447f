using System.Text.Json.Serialization;

namespace TicketBottle.Functions.PaymentWebhooks;

/// <summary>ZaloPay's expected answer: return_code 1 = processed, 2 = already processed, 0 = retry later, -1 = rejected.</summary>
public sealed record ZaloPayAnswer(
    [property: JsonPropertyName("return_code")] int ReturnCode,
    [property: JsonPropertyName("return_message")] string ReturnMessage);

public sealed record PayOsAnswer(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(ZaloPayAnswer))]
[JsonSerializable(typeof(PayOsAnswer))]
public sealed partial class WebhookJsonContext : JsonSerializerContext;
