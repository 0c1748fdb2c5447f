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
    /// <summary>The event, or null when the body is neither shape (a poison message).</summary>
    public static IntegrationEvent? Read(string body)
    {
        try
        {
            var json = body;
            using (var document = JsonDocument.Parse(body))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                if (document.RootElement.TryGetProperty("value", out _))
                {
                    json = JsonSerializer.Deserialize(body, FunctionJsonContext.Default.PipeKafkaRecord)?.DecodedValue() ?? "";
                }
            }

            var integrationEvent = IntegrationEventSerializer.FromJson(json);
            return string.IsNullOrEmpty(integrationEvent.Type) ? null : integrationEvent;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or Google.Protobuf.InvalidJsonException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
