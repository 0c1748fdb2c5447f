using System.Text;
using System.Text.Json;
using TicketBottle.Contracts.Events.V1;

namespace TicketBottle.Functions.EmailSender;

/// <summary>
/// Reads the integration event out of an SQS message body filled by the EventBridge Pipe: the Pipe forwards each
/// self-managed Kafka record as JSON ({topic, partition, offset, key, value, headers}) with the record value in
/// base64; a body that is the event JSON itself (an operator re-driving a message by hand) is accepted too.
/// </summary>
public static class PipeMessages
{
    /// <summary>The event, or null when the body is neither shape (a poison message).</summary>
    public static IntegrationEvent? Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var json = document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
                ? Encoding.UTF8.GetString(Convert.FromBase64String(value.GetString()!))
                : body;
            var integrationEvent = IntegrationEventSerializer.FromJson(json);
            return string.IsNullOrEmpty(integrationEvent.EventType) ? null : integrationEvent;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or Google.Protobuf.InvalidJsonException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The body the Pipe writes for a Kafka record; the local bridge produces the same.</summary>
    public static string KafkaRecordBody(string topic, int partition, long offset, string key, string value, DateTimeOffset timestamp) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["topic"] = topic,
            ["partition"] = partition,
            ["offset"] = offset,
            ["timestamp"] = timestamp.ToUnixTimeMilliseconds(),
            ["timestampType"] = "CREATE_TIME",
            ["key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key)),
            ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
            ["headers"] = Array.Empty<object>(),
        });
}
