using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;
using TicketBottle.ServiceDefaults;
using TicketBottle.Telemetry;

namespace TicketBottle.Inventory;

/// <summary>
/// Holds ending each way (held, confirmed, released, expired) and the seats of each event by state, read from the
/// database when scraped (at most once every 5 s). One service per process, so one meter.
/// </summary>
public static class InventoryMetrics
{
    private static readonly Meter Meter = new(TicketBottleTelemetry.MeterName("inventory"));
    private static readonly Counter<long> Holds = Meter.CreateCounter<long>("ticketbottle.holds", "{hold}", "Holds entering a state");
    private static ScrapedReading<IReadOnlyList<SeatStateCount>>? _seats;

    public static void HoldsEntered(string state, long count = 1)
    {
        if (count > 0)
        {
            Holds.Add(count, new KeyValuePair<string, object?>("state", state.ToLowerInvariant()));
        }
    }

    public static void ObserveSeats(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        var reading = new ScrapedReading<IReadOnlyList<SeatStateCount>>(() =>
        {
            using var connection = dataSource.OpenConnection();
            return connection.Query<SeatStateCount>(
                "SELECT event_id AS EventId, status AS State, count(*) AS Seats FROM seats GROUP BY event_id, status", commandTimeout: 2).ToList();
        }, clock, TimeSpan.FromSeconds(5));
        if (Interlocked.CompareExchange(ref _seats, reading, null) is not null)
        {
            return;
        }

        Meter.CreateObservableGauge("ticketbottle.seats", () => (_seats.Read() ?? []).Select(s => new Measurement<long>(s.Seats,
            new KeyValuePair<string, object?>("event_id", s.EventId), new KeyValuePair<string, object?>("state", s.State.ToLowerInvariant()))),
            "{seat}", "Seats of each event by state");
    }

    private sealed record SeatStateCount(string EventId, string State, long Seats);
}
