using Microsoft.Extensions.Http.Resilience;
using Polly;


namespace TicketBottle.Payment.Providers;

public static class PaymentProvidersRegistration
{
    /// <summary>
    /// Both providers as typed HttpClients behind a resilience pipeline: each attempt gets a third of
    /// Payment:ProviderDeadline, timeouts, 5xx, 408 and 429 are retried twice with jittered backoff, all inside the deadline.
    /// </summary>
    public static void AddPaymentProviders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PayOsOptions>().BindConfiguration(PayOsOptions.SectionName);
        builder.Services.AddOptions<ZaloPayOptions>().BindConfiguration(ZaloPayOptions.SectionName);
        var deadline = builder.Configuration.GetSection(PaymentOptions.SectionName).Get<PaymentOptions>()?.ProviderDeadline
                       ?? new PaymentOptions().ProviderDeadline;
        AddProvider<PayOsClient>(builder.Services, ProviderNames.PayOs, deadline);
        AddProvider<ZaloPayClient>(builder.Services, ProviderNames.ZaloPay, deadline);
    }

    private static void AddProvider<TClient>(IServiceCollection services, string name, TimeSpan deadline)
        where TClient : class, IPaymentProvider
    {
        services.AddHttpClient<TClient>().AddResilienceHandler($"{name}-calls", pipeline =>
        {
            // Network time, not the business clock a test may stop: Polly takes the TimeProvider registered in the
            // container unless told otherwise.
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(deadline);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
            pipeline.AddTimeout(deadline / 3);
        });
        // Transient, as typed clients are: each use gets a client over the factory's pooled, rotated handlers.
        services.AddKeyedTransient<IPaymentProvider>(name, (provider, _) => provider.GetRequiredService<TClient>());
    }
}
