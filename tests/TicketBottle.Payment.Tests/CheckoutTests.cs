using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Payment.Tests;

/// <summary>Own host: these tests take the provider down.</summary>
public sealed class CheckoutTests(PaymentServiceHost host) : IClassFixture<PaymentServiceHost>
{
    [Theory]
    [InlineData(PaymentProvider.Payos)]
    [InlineData(PaymentProvider.Zalopay)]
    public async Task Twenty_concurrent_retries_of_one_order_create_one_checkout_at_the_provider(PaymentProvider provider)
    {
        var before = host.Providers.OrdersCreated;
        var request = new CreatePaymentIntentRequest
        {
            OrderId = $"ord-{Guid.NewGuid():N}", AmountVnd = 3_000_000, Provider = provider, Description = "2 tickets",
            Items = { new CheckoutItem { Name = "Đêm nhạc – Khu A", Quantity = 2, PriceVnd = 1_500_000 } },
            BuyerName = "Nguyễn Văn An", BuyerEmail = "an@example.vn",
        };

        var intents = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Client.CreatePaymentIntentAsync(request).ResponseAsync));

        Assert.Single(intents.Select(i => (i.PaymentId, i.CheckoutUrl)).Distinct());
        Assert.Equal(1, host.Providers.OrdersCreated - before);
        var checkout = host.Providers.CheckoutAt(intents[0].CheckoutUrl);
        Assert.Equal((intents[0].ProviderOrderRef, 3_000_000L), (checkout.OrderRef, checkout.AmountVnd));
        Assert.Equal(provider == PaymentProvider.Payos, intents[0].QrCode.Length > 0);
    }

    [Fact]
    public async Task The_provider_closes_the_checkout_a_margin_before_the_payment_expires()
    {
        var intent = await host.CreateIntentAsync();

        var checkout = host.Providers.CheckoutAt(intent.CheckoutUrl);

        // Money the provider accepts has a minute to reach us before our own deadline (PayOS expiredAt is in seconds).
        var margin = intent.ExpiresAt.ToDateTimeOffset() - checkout.ExpiresAt;
        Assert.InRange(margin, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_provider_that_is_down_gets_a_clear_unavailable_and_a_later_retry_makes_the_one_checkout()
    {
        var orderId = $"ord-{Guid.NewGuid():N}";
        var request = new CreatePaymentIntentRequest { OrderId = orderId, AmountVnd = 600_000, Provider = PaymentProvider.Payos };
        var before = host.Providers.OrdersCreated;
        host.Providers.Outage = true;
        RpcException down;
        try
        {
            down = await Assert.ThrowsAsync<RpcException>(() => host.Client.CreatePaymentIntentAsync(request).ResponseAsync);
        }
        finally
        {
            host.Providers.Outage = false;
        }

        var retried = await host.Client.CreatePaymentIntentAsync(request);

        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
        Assert.Contains("PayOS answered 503", down.Status.Detail);
        Assert.NotEmpty(retried.CheckoutUrl);
        Assert.Equal(1, host.Providers.OrdersCreated - before);
    }

    [Fact]
    public async Task A_checkout_whose_answer_was_lost_is_cancelled_at_payos_and_made_again_under_a_new_code()
    {
        var lost = await host.CreateIntentAsync();
        // PayOS made the order but its answer never reached us: we have no link, PayOS has the code.
        await host.ExecuteAsync("UPDATE payment_intents SET checkout_url = NULL, qr_code = NULL WHERE payment_id = @Id",
            new { Id = Guid.Parse(lost.PaymentId) });

        var again = await host.Client.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
        {
            OrderId = lost.OrderId, AmountVnd = lost.AmountVnd, Provider = PaymentProvider.Payos,
        });

        Assert.Equal(lost.PaymentId, again.PaymentId);
        Assert.NotEqual(lost.ProviderOrderRef, again.ProviderOrderRef);
        Assert.Equal("CANCELLED", host.Providers.CheckoutAt(lost.CheckoutUrl).Status);
        Assert.Equal("PENDING", host.Providers.CheckoutAt(again.CheckoutUrl).Status);
    }
}
