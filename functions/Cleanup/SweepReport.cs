using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Cleanup;

public sealed record SweepReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("batches")] int Batches,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, long> Counters,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("error")] string? Error);
