using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Messaging;

/// <summary>Publishes integration events keyed by order id, with the integration event id and type in headers for routing and dedupe, and the trace context (traceparent) so consumers continue the trace.</summary>
public sealed class KafkaIntegrationEventPublisher : IIntegrationEventPublisher, IDisposable
{
    private readonly IProducer<string, string> _producer;

    public KafkaIntegrationEventPublisher(IOptions<KafkaOptions> options, ILogger<KafkaIntegrationEventPublisher> logger)
    {
        _producer = new ProducerBuilder<string, string>(KafkaClientConfig.Producer(options.Value))
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka producer error {Code}: {Reason}", error.Code, error.Reason))
            .Build();
    }

    public async Task PublishAsync(string topic, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var headers = new Headers
        {
            { "integration-event-id", Encoding.UTF8.GetBytes(integrationEvent.Id) },
            { "integration-event-type", Encoding.UTF8.GetBytes(integrationEvent.Type) },
        };
        using var activity = KafkaTracing.StartPublish(topic, integrationEvent, headers);
        var message = new Message<string, string>
        {
            Key = integrationEvent.OrderId,
            Value = IntegrationEventSerializer.ToJson(integrationEvent),
            Headers = headers,
        };
        try
        {
            var delivered = await _producer.ProduceAsync(topic, message, cancellationToken);
            activity?.SetTag("messaging.destination.partition.id", delivered.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
