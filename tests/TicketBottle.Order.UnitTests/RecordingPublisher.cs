using System.Collections.Concurrent;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Order.UnitTests;

/// <summary>Takes integration events as the broker would, or refuses them while <see cref="BrokerDown"/>.</summary>
public sealed class RecordingPublisher : IIntegrationEventPublisher
{
    public ConcurrentQueue<(string Topic, IntegrationEvent Event)> Published { get; } = new();
    public bool BrokerDown { get; set; }

    public Task PublishAsync(string topic, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        if (BrokerDown)
        {
            throw new InvalidOperationException("Local: Message timed out");
        }

        Published.Enqueue((topic, integrationEvent));
        return Task.CompletedTask;
    }
}
