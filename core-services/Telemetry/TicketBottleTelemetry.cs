using System.Diagnostics;

namespace TicketBottle.Telemetry;

/// <summary>The spans our own code starts (Kafka publish and process, outbox relay, function invocations).</summary>
public static class TicketBottleTelemetry
{
    public const string SourceName = "TicketBottle";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Each service's own meter: "TicketBottle.Order", "TicketBottle.Payment", …</summary>
    public static string MeterName(string serviceName) => $"{SourceName}.{char.ToUpperInvariant(serviceName[0])}{serviceName[1..]}";
}
