using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Messaging;

public interface IIntegrationEventPublisher
{
    /// <summary>Completes when the broker has acknowledged the event (acks=all).</summary>
    Task PublishAsync(string topic, IntegrationEvent integrationEvent, CancellationToken cancellationToken);
}
