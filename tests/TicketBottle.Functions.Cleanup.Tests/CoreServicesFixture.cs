using TicketBottle.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Inventory;
using TicketBottle.Payment;
using TicketBottle.LocalInfrastructure;
using TicketBottle.ProviderSandbox;
using TicketBottle.Waitroom;

namespace TicketBottle.Functions.Cleanup.Tests;

/// <summary>
/// The real Inventory, Payment and Waitroom services, each with its own store, and the payment provider sandbox, sharing one
/// clock the test moves.
/// </summary>
public sealed class CoreServicesFixture : IAsyncLifetime
{
    private readonly List<LoopbackService> _services = [];
    private RedisServer? _redis;
    private PaymentProviderSandbox? _providers;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public Uri InventoryAddress { get; private set; } = null!;
    public Uri PaymentAddress { get; private set; } = null!;
    public InventoryService.InventoryServiceClient Inventory { get; private set; } = null!;
    public PaymentService.PaymentServiceClient Payments { get; private set; } = null!;
    public Uri WaitroomAddress { get; private set; } = null!;
    public WaitroomService.WaitroomServiceClient Waitroom { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.Shared;
        void UseClock(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

        async Task<string[]> Database(string name) =>
            new ServiceConfiguration().TrustLocalCallers().Set<PostgresOptions>(o => o.ConnectionString, await postgres.CreateDatabaseAsync(name)).ToArgs();

        var inventory = InventoryServiceApp.Build(await Database("cleanup_inv"), UseClock);
        var credentials = SandboxCredentials.Random();
        _providers = await PaymentProviderSandbox.StartAsync(credentials, Clock);
        var payment = PaymentServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
            .Set<PostgresOptions>(o => o.ConnectionString, await postgres.CreateDatabaseAsync("cleanup_pay"))
            .PayingThrough(_providers.BaseUrl, credentials, null)
            .ToArgs(), UseClock);
        _redis = await RedisServer.StartAsync();
        var waitroom = WaitroomServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
            .Set<WaitroomOptions>(o => o.Redis, _redis.Endpoint)
            .Set<WaitroomOptions>(o => o.AdmissionTokenKey, "cleanup-test-admission-key-0123456789abcdef")
            .Set<WaitroomOptions>(o => o.AdmissionLoopEnabled, false)
            .ToArgs(), UseClock);
        foreach (var app in new[] { inventory, payment, waitroom })
        {
            _services.Add(await LoopbackService.StartAsync(app));
        }

        (InventoryAddress, PaymentAddress, WaitroomAddress) = (_services[0].Address, _services[1].Address, _services[2].Address);
        Inventory = new InventoryService.InventoryServiceClient(_services[0].Calls);
        Payments = new PaymentService.PaymentServiceClient(_services[1].Calls);
        Waitroom = new WaitroomService.WaitroomServiceClient(_services[2].Calls);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        _redis?.Dispose();
        if (_providers is not null)
        {
            await _providers.DisposeAsync();
        }
    }

    /// <summary>A fresh event with <paramref name="holds"/> two-seat holds that expire after 30 s.</summary>
    public async Task<string> HoldSeatsThatExpireAsync(int holds)
    {
        var eventId = $"evt-{Guid.NewGuid():N}";
        await Inventory.UpsertSeatMapAsync(new UpsertSeatMapRequest
        {
            EventId = eventId,
            Sections = { new SectionMap { SectionId = "GA", Name = "General", PriceVnd = 300_000, GaCapacity = holds * 2 + 10 } },
        });
        for (var i = 0; i < holds; i++)
        {
            await Inventory.HoldSeatsAsync(new HoldSeatsRequest
            {
                EventId = eventId, OrderId = $"{eventId}-{i}", TtlSeconds = 30,
                SectionQuantity = new SectionQuantity { SectionId = "GA", Quantity = 2 },
            });
        }

        return eventId;
    }
}
