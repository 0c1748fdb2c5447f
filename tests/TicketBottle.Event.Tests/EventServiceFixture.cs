using TicketBottle.ServiceIdentity;
using TicketBottle.ServiceDefaults;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Inventory;
using TicketBottle.LocalInfrastructure;
using TicketBottle.Waitroom;

namespace TicketBottle.Event.Tests;

/// <summary>The Event service with the real Inventory (PostgreSQL) and Waitroom (Redis) it publishes to.</summary>
public sealed class EventServiceFixture : IAsyncLifetime
{
    private readonly List<LoopbackService> _services = [];
    private RedisServer? _redis;

    public EventService.EventServiceClient Events { get; private set; } = null!;
    public InventoryService.InventoryServiceClient Inventory { get; private set; } = null!;
    public WaitroomService.WaitroomServiceClient Waitroom { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.Shared;
        _redis = await RedisServer.StartAsync();
        var inventory = await Start(InventoryServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
            .Set<PostgresOptions>(o => o.ConnectionString, await postgres.CreateDatabaseAsync("event_inv"))
            .ToArgs()));
        var waitroom = await Start(WaitroomServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
            .Set<WaitroomOptions>(o => o.Redis, _redis.Endpoint)
            .Set<WaitroomOptions>(o => o.AdmissionTokenKey, "event-tests-admission-key-0123456789abcdef")
            .Set<WaitroomOptions>(o => o.AdmissionLoopEnabled, false)
            .ToArgs()));
        var events = await Start(EventServiceApp.Build(new ServiceConfiguration().TrustLocalCallers().CallingAs(Callers.Event)
            .Set<PostgresOptions>(o => o.ConnectionString, await postgres.CreateDatabaseAsync("events"))
            .Set<ServiceAddresses>(o => o.InventoryUrl, inventory.Address)
            .Set<ServiceAddresses>(o => o.WaitroomUrl, waitroom.Address)
            .ToArgs()));
        Inventory = new InventoryService.InventoryServiceClient(inventory.Calls);
        Waitroom = new WaitroomService.WaitroomServiceClient(waitroom.Calls);
        Events = new EventService.EventServiceClient(events.Calls);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.DisposeAsync();
        }

        _redis?.Dispose();
    }

    private async Task<LoopbackService> Start(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var service = await LoopbackService.StartAsync(app);
        _services.Add(service);
        return service;
    }
}
