using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Analytics;

/// <param name="Reported">Events whose report was written and mailed in this run.</param>
/// <param name="Skipped">Events whose report for the day existed already (an earlier run).</param>
public sealed record AnalyticsSummary(
    [property: JsonPropertyName("triggerId")] string? TriggerId,
    [property: JsonPropertyName("reported")] int Reported,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("failed")] int Failed);
