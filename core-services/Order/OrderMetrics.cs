using System.Diagnostics.Metrics;
using TicketBottle.Telemetry;

namespace TicketBottle.Order;

/// <summary>Orders entering each state (Prometheus: ticketbottle_orders_total{state, reason}); one service per process, so one meter.</summary>
public static class OrderMetrics
{
    private static readonly Meter Meter = new(TicketBottleTelemetry.MeterName("order"));
    private static readonly Counter<long> Orders = Meter.CreateCounter<long>("ticketbottle.orders", "{order}", "Orders entering a state");

    public static void Entered(OrderStatus state, string reason = "") =>
        Orders.Add(1, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()), new KeyValuePair<string, object?>("reason", reason));
}
