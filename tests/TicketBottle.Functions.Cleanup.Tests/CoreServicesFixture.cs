using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Inventory;
using TicketBottle.Payment;
using TicketBottle.Testing;

namespace TicketBottle.Functions.Cleanup.Tests;

/// <summary>The real Inventory and Payment services, each with its own database, sharing one clock the test moves.</summary>
public sealed class CoreServicesFixture : IAsyncLifetime
{
    private readonly List<WebApplication> _apps = [];

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public Uri InventoryAddress { get; private set; } = null!;
    public Uri PaymentAddress { get; private set; } = null!;
    public InventoryService.InventoryServiceClient Inventory { get; private set; } = null!;
    public PaymentService.PaymentServiceClient Payments { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.Shared;
        void UseClock(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

        var inventory = InventoryServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("cleanup_inv")}"], UseClock);
        var payment = PaymentServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("cleanup_pay")}"], UseClock);
        _apps.AddRange([inventory, payment]);
        InventoryAddress = await inventory.StartOnLoopbackAsync();
        PaymentAddress = await payment.StartOnLoopbackAsync();
        Inventory = new InventoryService.InventoryServiceClient(GrpcChannel.ForAddress(InventoryAddress));
        Payments = new PaymentService.PaymentServiceClient(GrpcChannel.ForAddress(PaymentAddress));
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
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
