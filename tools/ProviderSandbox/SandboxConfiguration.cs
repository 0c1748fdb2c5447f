using TicketBottle.LocalInfrastructure;
using TicketBottle.Payment.Providers;

namespace TicketBottle.ProviderSandbox;

public static class SandboxConfiguration
{
    /// <summary>The Payment service's provider settings for a sandbox: both base URLs at it, and its credentials.</summary>
    /// <param name="zaloPayCallbackUrl">Where ZaloPay's callbacks go (the webhook function); null: nowhere.</param>
    public static ServiceConfiguration PayingThrough(this ServiceConfiguration configuration, Uri sandboxUrl, SandboxCredentials credentials,
        Uri? zaloPayCallbackUrl)
    {
        configuration
            .Set<PayOsOptions>(o => o.BaseUrl, sandboxUrl)
            .Set<PayOsOptions>(o => o.ClientId, credentials.PayOsClientId)
            .Set<PayOsOptions>(o => o.ApiKey, credentials.PayOsApiKey)
            .Set<PayOsOptions>(o => o.ChecksumKey, credentials.PayOsChecksumKey)
            .Set<ZaloPayOptions>(o => o.BaseUrl, sandboxUrl)
            .Set<ZaloPayOptions>(o => o.AppId, credentials.ZaloPayAppId)
            .Set<ZaloPayOptions>(o => o.Key1, credentials.ZaloPayKey1);
        return zaloPayCallbackUrl is null ? configuration : configuration.Set<ZaloPayOptions>(o => o.CallbackUrl!, zaloPayCallbackUrl);
    }
}
