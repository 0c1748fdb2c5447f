using Grpc.Core;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Payment.Tests;

/// <summary>Own database: moving the clock here must not expire other tests' intents.</summary>
public sealed class ExpiryTests(PaymentServiceHost host) : IClassFixture<PaymentServiceHost>
{
    [Fact]
    public async Task Concurrent_sweepers_expire_each_stale_intent_exactly_once_and_late_money_is_flagged()
    {
        var stale = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => host.CreateIntentAsync()));
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        var fresh = await host.CreateIntentAsync();

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var total = 0;
            while (true)
            {
                var expired = (await host.Client.ExpireStaleIntentsAsync(new ExpireStaleIntentsRequest { BatchSize = 7 })).Expired;
                if (expired == 0)
                {
                    return total;
                }

                total += expired;
            }
        }));

        Assert.Equal(stale.Length, sweeps.Sum());
        Assert.Equal(stale.Length, await host.CountAsync(
            "SELECT count(*) FROM outbox WHERE integration_event_type = 'payment.failed' AND payload LIKE '%\"expired\"%'", new { }));
        Assert.Equal(PaymentStatus.Pending, (await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = fresh.PaymentId })).Status);
        Assert.Equal(PaymentStatus.Expired, (await host.Client.GetPaymentAsync(new GetPaymentRequest { PaymentId = stale[0].PaymentId })).Status);

        var late = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(stale[0], "FT-too-late")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Equal(1, await host.CountAsync(
            "SELECT count(*) FROM provider_callbacks WHERE provider_transaction_id = 'FT-too-late' AND result = 'late_payment'", new { }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    public async Task Sweep_batch_size_is_bounded(int batchSize)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ExpireStaleIntentsAsync(new ExpireStaleIntentsRequest { BatchSize = batchSize }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
