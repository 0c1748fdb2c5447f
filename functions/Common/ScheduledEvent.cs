using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Common;

/// <summary>What an EventBridge schedule rule (rate/cron) sends to its target.</summary>
public sealed class ScheduledEvent
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("detail-type")] public string? DetailType { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("account")] public string? Account { get; set; }
    [JsonPropertyName("time")] public DateTimeOffset Time { get; set; }
    [JsonPropertyName("region")] public string? Region { get; set; }
    [JsonPropertyName("resources")] public List<string>? Resources { get; set; }
}
