using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TicketBottle.Telemetry;

namespace TicketBottle.Waitroom;

/// <summary>
/// Per event on sale: customers admitted, and the queue's length as the admission loop last saw it (every pod reports
/// the same queue; dashboards take the max). One service per process, so one meter.
/// </summary>
public static class WaitroomMetrics
{
    private static readonly Meter Meter = new(TicketBottleTelemetry.MeterName("waitroom"));
    private static readonly Counter<long> Admitted = Meter.CreateCounter<long>("ticketbottle.waitroom.admitted", "{customer}",
        "Customers let out of the queue");
    private static readonly ConcurrentDictionary<string, long> QueueLengths = new();

    static WaitroomMetrics() =>
        Meter.CreateObservableGauge("ticketbottle.waitroom.queue_length",
            () => QueueLengths.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("event_id", q.Key))),
            "{customer}", "Customers waiting in the queue");

    public static void AdmittedTo(string eventId, int count) =>
        Admitted.Add(count, new KeyValuePair<string, object?>("event_id", eventId));

    public static void QueueLength(string eventId, long length) => QueueLengths[eventId] = length;

    /// <summary>An event no longer on sale stops being reported.</summary>
    public static void Forget(string eventId) => QueueLengths.TryRemove(eventId, out _);
}
