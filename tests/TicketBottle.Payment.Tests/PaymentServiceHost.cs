using TicketBottle.ServiceDefaults;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.LocalInfrastructure;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.Payment.Tests;

/// <summary>
/// The real Payment service on loopback Kestrel, its own database, the provider sandbox as PayOS and ZaloPay (its
/// callbacks go nowhere: tests deliver or lose them), and a clock the test and the sandbox share.
/// </summary>
public class PaymentServiceHost : IAsyncLifetime
{
    private LoopbackService? _service;

    public PaymentProviderSandbox Providers { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public PaymentService.PaymentServiceClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public Uri Address { get; private set; } = null!;

    /// <summary>Settings on top of this host's.</summary>
    protected virtual void Configure(ServiceConfiguration configuration)
    {
    }

    /// <summary>Background loops (the outbox publisher) wait on the clock, so hosts that run them keep real time.</summary>
    protected virtual bool UsesFakeClock => true;

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("payments");
        var credentials = SandboxCredentials.Random();
        Providers = await PaymentProviderSandbox.StartAsync(credentials, UsesFakeClock ? Clock : null);
        var configuration = new ServiceConfiguration().TrustLocalCallers()
            .PayingThrough(Providers.BaseUrl, credentials, null)
            .Set<PostgresOptions>(o => o.ConnectionString, ConnectionString)
            .Set<PaymentOptions>(o => o.IntentLifetime, TimeSpan.FromMinutes(15));
        Configure(configuration);
        _service = await LoopbackService.StartAsync(PaymentServiceApp.Build(configuration.ToArgs(),
            services =>
            {
                if (UsesFakeClock)
                {
                    services.AddSingleton<TimeProvider>(Clock);
                }
            }));
        Address = _service.Address;
        Client = new PaymentService.PaymentServiceClient(_service.Calls);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (Providers is not null)
        {
            await Providers.DisposeAsync();
        }
    }

    public async Task<long> CountAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<List<string>> OutboxEventTypesAsync(string orderId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<string>(
            "SELECT integration_event_type FROM outbox WHERE message_key = @orderId ORDER BY outbox_id", new { orderId })).ToList();
    }

    public async Task<PaymentIntent> CreateIntentAsync(long amountVnd = 1_500_000, PaymentProvider provider = PaymentProvider.Payos) =>
        await Client.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
        {
            OrderId = $"ord-{Guid.NewGuid():N}", AmountVnd = amountVnd, Provider = provider, Description = "2 tickets",
        });

    public static ConfirmPaymentRequest Callback(PaymentIntent intent, string transactionId, long? amountVnd = null,
        ProviderOutcome outcome = ProviderOutcome.Succeeded) => new()
    {
        Provider = intent.Provider,
        ProviderOrderRef = intent.ProviderOrderRef,
        ProviderTransactionId = transactionId,
        AmountVnd = amountVnd ?? intent.AmountVnd,
        Outcome = outcome,
        RawPayload = $$"""{"orderCode":{{intent.ProviderOrderRef}},"reference":"{{transactionId}}"}""",
    };
}
