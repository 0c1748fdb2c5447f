using TicketBottle.ServiceDefaults;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Inventory.Tests;

/// <summary>The real Inventory service on loopback Kestrel, a fresh database, and a clock the test moves.</summary>
public sealed class InventoryServiceHost : IAsyncLifetime
{
    private LoopbackService? _service;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public InventoryService.InventoryServiceClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("inventory");
        _service = await LoopbackService.StartAsync(InventoryServiceApp.Build(
            new ServiceConfiguration().TrustLocalCallers()
                .Set<PostgresOptions>(o => o.ConnectionString, ConnectionString)
                .Set<PostgresOptions>(o => o.MaxPoolSize, 40)
                .ToArgs(),
            services => services.AddSingleton<TimeProvider>(Clock)));
        Client = new InventoryService.InventoryServiceClient(_service.Calls);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    /// <summary>A new event with one reserved section of rows×seats ("A-1-1"…) and one general-admission section.</summary>
    public async Task<string> CreateEventAsync(int rows = 5, int seatsPerRow = 10, int gaCapacity = 0)
    {
        var eventId = $"evt-{Guid.NewGuid():N}";
        var reserved = new SectionMap { SectionId = "A", Name = "Khu A", PriceVnd = 1_200_000 };
        for (var row = 1; row <= rows; row++)
        {
            for (var seat = 1; seat <= seatsPerRow; seat++)
            {
                reserved.Seats.Add(new SeatMapSeat { SeatId = SeatId(row, seat), Row = row.ToString(), Number = seat });
            }
        }

        var request = new UpsertSeatMapRequest { EventId = eventId, Sections = { reserved } };
        if (gaCapacity > 0)
        {
            request.Sections.Add(new SectionMap { SectionId = "GA", Name = "Đứng", PriceVnd = 500_000, GaCapacity = gaCapacity });
        }

        await Client.UpsertSeatMapAsync(request);
        return eventId;
    }

    public static string SeatId(int row, int seat) => $"A-{row}-{seat}";

    public async Task<Dictionary<string, long>> SeatStatusCountsAsync(string eventId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var rows = await connection.QueryAsync<(string Status, long Count)>(
            "SELECT status, count(*) FROM seats WHERE event_id = @eventId GROUP BY status", new { eventId });
        return rows.ToDictionary(r => r.Status, r => r.Count);
    }

    public async Task<T> ScalarAsync<T>(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
