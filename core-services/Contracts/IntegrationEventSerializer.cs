using Google.Protobuf;

namespace TicketBottle.Contracts.IntegrationEvents.V1;

/// <summary>The one wire form of an IntegrationEvent: protobuf JSON, tolerant of fields a newer producer added.</summary>
public static class IntegrationEventSerializer
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string ToJson(IntegrationEvent integrationEvent) => Formatter.Format(integrationEvent);

    public static IntegrationEvent FromJson(string json) => Parser.Parse<IntegrationEvent>(json);
}
