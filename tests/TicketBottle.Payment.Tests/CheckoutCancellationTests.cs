using TicketBottle.Contracts.Payment.V1;
using TicketBottle.LocalInfrastructure;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.Payment.Tests;

/// <summary>
/// A provider whose checkout outlives our payment (its clock runs behind ours, or it ignored the expiry we sent): only
/// our cancellation stops it taking money for seats that went back.
/// </summary>
public sealed class CheckoutCancellationTests(CheckoutCancellationTests.LaggingProviderHost host) : IClassFixture<CheckoutCancellationTests.LaggingProviderHost>
{
    [Fact]
    public async Task Expiry_cancels_the_checkout_at_the_provider_so_a_later_payment_attempt_fails_there()
    {
        var intent = await host.CreateIntentAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("PENDING", host.Providers.CheckoutAt(intent.CheckoutUrl).StatusAt(host.Clock.GetUtcNow()));

        while ((await host.Client.ExpireStaleIntentsAsync(new ExpireStaleIntentsRequest { BatchSize = 100 })).Expired > 0)
        {
        }

        Assert.Equal("CANCELLED", host.Providers.CheckoutAt(intent.CheckoutUrl).Status);
        Assert.Equal(System.Net.HttpStatusCode.Gone, (await PaymentProviderSandbox.PayAsync(intent.CheckoutUrl)).StatusCode);
        var sweep = await host.Client.ReconcilePaymentsAsync(new ReconcilePaymentsRequest { BatchSize = 100 });
        Assert.Equal(0, sweep.CheckoutsCancelled);
    }

    public sealed class LaggingProviderHost : PaymentServiceHost
    {
        protected override void Configure(ServiceConfiguration configuration) =>
            configuration.Set<PaymentOptions>(o => o.ProviderExpiryMargin, TimeSpan.FromMinutes(-5));
    }
}
