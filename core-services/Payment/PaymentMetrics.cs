using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;
using TicketBottle.ServiceDefaults;
using TicketBottle.Telemetry;

namespace TicketBottle.Payment;

/// <summary>
/// Payment outcomes and how long customers took to pay, and the outbox's backlog and the age of its oldest unpublished
/// event (the number that says Kafka or the relay is stuck). One service per process, so one meter.
/// </summary>
public static class PaymentMetrics
{
    private static readonly Meter Meter = new(TicketBottleTelemetry.MeterName("payment"));
    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("ticketbottle.payments", "{payment}", "Payments ending in an outcome");
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>("ticketbottle.payment.duration", "s",
        "From the payment intent's creation to its outcome");
    private static ScrapedReading<OutboxState>? _outbox;

    public static void Ended(PaymentIntentRecord intent, DateTimeOffset now)
    {
        var tags = new TagList { { "provider", intent.Provider }, { "outcome", intent.Status.ToLowerInvariant() } };
        Outcomes.Add(1, tags);
        Durations.Record(Math.Max(0, (now.UtcDateTime - intent.CreatedAt).TotalSeconds), tags);
    }

    /// <summary>Registers the outbox gauges, read from <paramref name="dataSource"/> when scraped.</summary>
    public static void ObserveOutbox(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        var reading = new ScrapedReading<OutboxState>(() =>
        {
            using var connection = dataSource.OpenConnection();
            var (backlog, oldest) = connection.QuerySingle<(long, DateTime?)>(
                "SELECT count(*), min(created_at) FROM outbox WHERE published_at IS NULL", commandTimeout: 2);
            return new OutboxState(backlog, oldest is { } at ? Math.Max(0, (clock.GetUtcNow().UtcDateTime - at).TotalSeconds) : 0);
        }, clock, TimeSpan.FromSeconds(1));
        if (Interlocked.CompareExchange(ref _outbox, reading, null) is not null)
        {
            return;
        }

        Meter.CreateObservableGauge("ticketbottle.outbox.backlog",
            () => _outbox.Read() is { } read ? [new Measurement<long>(read.Backlog)] : Array.Empty<Measurement<long>>(),
            "{event}", "Outbox events not yet published");
        Meter.CreateObservableGauge("ticketbottle.outbox.oldest_age",
            () => _outbox.Read() is { } read ? [new Measurement<double>(read.OldestAgeSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Age of the oldest unpublished outbox event (0 when none)");
    }

    private sealed record OutboxState(long Backlog, double OldestAgeSeconds);
}
