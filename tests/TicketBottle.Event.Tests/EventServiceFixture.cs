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
        var inventory = await Start(InventoryServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("event_inv")}"]));
        var waitroom = await Start(WaitroomServiceApp.Build([$"--Waitroom:Redis={_redis.Endpoint}",
            "--Waitroom:AdmissionTokenKey=event-tests-admission-key-0123456789abcdef", "--Waitroom:AdmissionLoopEnabled=false"]));
        var events = await Start(EventServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("events")}",
            $"--Downstream:InventoryUrl={inventory.Address}", $"--Downstream:WaitroomUrl={waitroom.Address}"]));
        Inventory = new InventoryService.InventoryServiceClient(inventory.Channel);
        Waitroom = new WaitroomService.WaitroomServiceClient(waitroom.Channel);
        Events = new EventService.EventServiceClient(events.Channel);
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
