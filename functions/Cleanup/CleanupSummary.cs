using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Cleanup;

public sealed record CleanupSummary(
    [property: JsonPropertyName("trigger_id")] string? TriggerId,
    [property: JsonPropertyName("sweeps")] IReadOnlyList<SweepReport> Sweeps);
