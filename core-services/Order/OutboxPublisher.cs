using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Order;

/// <summary>Publishes an order's outbox event to Kafka and clears it; what fails here the relay retries.</summary>
public sealed class OutboxPublisher(IOrderStore store, IIntegrationEventPublisher publisher, ILogger<OutboxPublisher> logger)
{
    public async Task<bool> TryPublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(KafkaTopics.Orders, integrationEvent, cancellationToken);
            await store.MarkPublishedAsync(integrationEvent.OrderId, integrationEvent.Id, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Publishing {IntegrationEventType} for order {OrderId} failed; the outbox relay will retry",
                integrationEvent.Type, integrationEvent.OrderId);
            return false;
        }
    }
}
