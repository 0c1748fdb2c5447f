using System.Text;
using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Common;

/// <summary>
/// A Kafka record as an EventBridge Pipe with a self-managed Kafka source hands it on (one per SQS message body
/// here): key and value base64-encoded, headers as byte lists (the trace context among them). The local Pipe bridge writes exactly this shape, so handlers see the same.
/// </summary>
public sealed class PipeKafkaRecord
{
    [JsonPropertyName("topic")] public string Topic { get; set; } = "";
    [JsonPropertyName("partition")] public int Partition { get; set; }
    [JsonPropertyName("offset")] public long Offset { get; set; }
    [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
    [JsonPropertyName("timestampType")] public string TimestampType { get; set; } = "CREATE_TIME";
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
    /// <summary>The record's headers as the Pipe writes them: one object per header, its value as a list of bytes.</summary>
    [JsonPropertyName("headers")] public List<Dictionary<string, int[]>>? Headers { get; set; }

    public string? DecodedValue() => Value is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(Value));

    /// <summary>The last value of header <paramref name="name"/> as text, or null.</summary>
    public string? Header(string name) =>
        Headers?.LastOrDefault(h => h.ContainsKey(name)) is { } header
            ? Encoding.UTF8.GetString(header[name].Select(b => (byte)b).ToArray())
            : null;

    public static PipeKafkaRecord From(string topic, int partition, long offset, DateTimeOffset timestamp, string? key, string value,
        IEnumerable<KeyValuePair<string, byte[]>> headers) => new()
    {
        Headers = headers.Select(h => new Dictionary<string, int[]> { [h.Key] = h.Value.Select(b => (int)b).ToArray() }).ToList(),
        Topic = topic,
        Partition = partition,
        Offset = offset,
        Timestamp = timestamp.ToUnixTimeMilliseconds(),
        Key = key is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(key)),
        Value = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
    };
}
