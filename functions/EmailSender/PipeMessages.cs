using System.Text.Json;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Functions.Common;

namespace TicketBottle.Functions.EmailSender;

/// <summary>
/// Reads the integration event out of an SQS message body filled by the EventBridge Pipe (a <see cref="PipeKafkaRecord"/>
/// whose value is the event JSON); a body that is the event JSON itself (re-driven by hand) is accepted too.
/// </summary>
public static class PipeMessages
{
    /// <summary>
    /// The event, or null when the body is neither shape (a poison message). <paramref name="record"/>: what
    /// <see cref="Record"/> made of the body (the caller has it already for the trace context).
    /// </summary>
    public static IntegrationEvent? Read(string body, PipeKafkaRecord? record)
    {
        try
        {
            var json = record is not null ? record.DecodedValue() ?? "" : body;
            var integrationEvent = IntegrationEventSerializer.FromJson(json);
            return string.IsNullOrEmpty(integrationEvent.Type) ? null : integrationEvent;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or Google.Protobuf.InvalidJsonException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The Kafka record the body is, or null when it is not one (an event re-driven by hand, or garbage).</summary>
    public static PipeKafkaRecord? Record(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("value", out _)
                ? document.RootElement.Deserialize(FunctionJsonContext.Default.PipeKafkaRecord)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
