using TicketBottle.ServiceDefaults;
using Dapper;
using Npgsql;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Payment;
using TicketBottle.LocalInfrastructure;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.Functions.PaymentWebhooks.Tests;

/// <summary>
/// The real Payment service on loopback with its own fresh database (the handler's actual downstream), creating its
/// checkouts at the provider sandbox; the tests post the providers' callbacks themselves.
/// </summary>
public sealed class PaymentServiceFixture : IAsyncLifetime
{
    private LoopbackService? _service;
    private PaymentProviderSandbox? _providers;

    public Uri Address { get; private set; } = null!;
    public PaymentService.PaymentServiceClient Client { get; private set; } = null!;
    private string ConnectionString { get; set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("webhooks");
        var credentials = SandboxCredentials.Random();
        _providers = await PaymentProviderSandbox.StartAsync(credentials);
        _service = await LoopbackService.StartAsync(PaymentServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
            .PayingThrough(_providers.BaseUrl, credentials, null)
            .Set<PostgresOptions>(o => o.ConnectionString, ConnectionString)
            .ToArgs()));
        Address = _service.Address;
        Client = new PaymentService.PaymentServiceClient(_service.Calls);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (_providers is not null)
        {
            await _providers.DisposeAsync();
        }
    }

    public async Task<PaymentIntent> CreateIntentAsync(PaymentProvider provider, long amountVnd = 1_500_000) =>
        await Client.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
        {
            OrderId = $"ord-{Guid.NewGuid():N}", AmountVnd = amountVnd, Provider = provider,
        });

    public async Task<long> OutboxRowsAsync(string orderId, string integrationEventType)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE message_key = @orderId AND integration_event_type = @integrationEventType", new { orderId, integrationEventType });
    }
}
