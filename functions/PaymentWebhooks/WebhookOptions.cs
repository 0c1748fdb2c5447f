using TicketBottle.Functions.Common;
namespace TicketBottle.Functions.PaymentWebhooks;

/// <summary>
/// Read from the function's environment. In AWS the key variables are filled by template.yaml from Secrets Manager
/// dynamic references at deploy time, so no secret is in the code or the template; they are never logged.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>This function's service identity key (<see cref="CoreServiceChannels"/>).</summary>
    public required string ServiceIdentityKey { get; init; }
    public required string PaymentServiceUrl { get; init; }
    public required long ZaloPayAppId { get; init; }
    public required string ZaloPayKey2 { get; init; }
    public required string PayOsChecksumKey { get; init; }
    public int MaxBodyBytes { get; init; } = 64 * 1024;
    public TimeSpan ConfirmDeadline { get; init; } = TimeSpan.FromSeconds(5);

    public static WebhookOptions FromEnvironment() => new()
    {
        ServiceIdentityKey = FunctionEnvironment.Required(CoreServiceChannels.KeyVariable),
        PaymentServiceUrl = FunctionEnvironment.Required("PAYMENT_SERVICE_URL"),
        ZaloPayAppId = long.Parse(FunctionEnvironment.Required("ZALOPAY_APP_ID"), System.Globalization.CultureInfo.InvariantCulture),
        ZaloPayKey2 = FunctionEnvironment.Required("ZALOPAY_KEY2"),
        PayOsChecksumKey = FunctionEnvironment.Required("PAYOS_CHECKSUM_KEY"),
        ConfirmDeadline = FunctionEnvironment.Milliseconds("CONFIRM_DEADLINE_MS", TimeSpan.FromSeconds(5)),
    };
}
