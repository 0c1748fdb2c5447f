using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Telemetry;

namespace TicketBottle.Messaging;

/// <summary>
/// Spans around Kafka sends and the handling of received records (OpenTelemetry messaging conventions), with the
/// W3C trace context in the record's headers, so a consumer's work joins the producer's trace.
/// </summary>
public static class KafkaTracing
{
    public static Activity? StartPublish(string topic, IntegrationEvent integrationEvent, Headers headers)
    {
        var activity = Start($"send {topic}", ActivityKind.Producer, default, topic, "send");
        TagIntegrationEvent(activity, integrationEvent);
        TraceHeaders.Inject(activity?.Context ?? Activity.Current?.Context ?? default, (name, value) => headers.Add(name, Encoding.UTF8.GetBytes(value)));
        return activity;
    }

    /// <summary>Handling one received record: a child of the span that sent it, when its headers say which.</summary>
    public static Activity? StartProcess(string topic, Headers? headers) => StartProcess(topic, ParentOf(headers));

    public static Activity? StartProcess(string topic, ActivityContext parent) =>
        Start($"process {topic}", ActivityKind.Consumer, parent, topic, "process");

    public static void TagIntegrationEvent(Activity? activity, IntegrationEvent integrationEvent)
    {
        activity?.SetTag("messaging.message.id", integrationEvent.Id);
        activity?.SetTag("ticketbottle.integration_event_type", integrationEvent.Type);
        activity?.SetTag("ticketbottle.order_id", integrationEvent.OrderId);
    }

    public static ActivityContext ParentOf(Headers? headers) =>
        headers is null ? default : TraceHeaders.Extract(name => headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null);

    private static Activity? Start(string name, ActivityKind kind, ActivityContext parent, string topic, string operation)
    {
        var activity = TicketBottleTelemetry.Source.StartActivity(name, kind, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", operation);
        activity?.SetTag("messaging.destination.name", topic);
        return activity;
    }
}
