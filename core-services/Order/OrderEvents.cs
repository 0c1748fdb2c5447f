using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Events.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Order;

public static class OrderEventFactory
{
    // Deterministic ids: an order is confirmed or cancelled once, so a republished event de-duplicates downstream.
    public static IntegrationEvent Confirmed(OrderDocument order) => New(order, "order.confirmed", "confirmed", e => e.OrderConfirmed = new OrderConfirmed
    {
        OrderId = order.OrderId,
        CustomerId = order.Customer.CustomerId,
        CustomerEmail = order.Customer.Email,
        CustomerName = order.Customer.FullName,
        EventId = order.Event.EventId,
        TotalVnd = order.TotalVnd,
        TicketCount = order.Tickets.Count,
    });

    public static IntegrationEvent Cancelled(OrderDocument order) => New(order, "order.cancelled", "cancelled", e => e.OrderCancelled = new OrderCancelled
    {
        OrderId = order.OrderId,
        CustomerId = order.Customer.CustomerId,
        Reason = order.EndReason ?? "",
    });

    private static IntegrationEvent New(OrderDocument order, string type, string suffix, Action<IntegrationEvent> setPayload)
    {
        var integrationEvent = new IntegrationEvent
        {
            EventId = $"{order.OrderId}:{suffix}",
            EventType = type,
            OccurredAt = Timestamp.FromDateTimeOffset(order.UpdatedAt),
            OrderId = order.OrderId,
        };
        setPayload(integrationEvent);
        return integrationEvent;
    }
}

/// <summary>Publishes an order's outbox event to Kafka and clears it; what fails here the relay retries.</summary>
public sealed class OrderEventPublisher(OrderStore store, IIntegrationEventPublisher publisher, ILogger<OrderEventPublisher> logger)
{
    public async Task<bool> TryPublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(KafkaTopics.Orders, integrationEvent, cancellationToken);
            await store.MarkPublishedAsync(integrationEvent.OrderId, integrationEvent.EventId, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Publishing {EventType} for order {OrderId} failed; the outbox relay will retry",
                integrationEvent.EventType, integrationEvent.OrderId);
            return false;
        }
    }
}

/// <summary>Republishes events whose fast-path publish didn't complete (broker down, pod killed after the write).</summary>
public sealed class OrderOutboxRelay(OrderStore store, OrderEventPublisher publisher, IOptions<OrderOptions> options,
    TimeProvider clock, ILogger<OrderOutboxRelay> logger) : BackgroundService
{
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var ids = await store.FindUnpublishedAsync(clock.GetUtcNow() - options.Value.OutboxRelayAge, 100, cancellationToken);
        var published = 0;
        foreach (var orderId in ids)
        {
            if (await store.GetPendingEventAsync(orderId, cancellationToken) is { } pending
                && await publisher.TryPublishAsync(pending, cancellationToken))
            {
                published++;
            }
        }

        return published;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxRelayInterval, clock);
        do
        {
            try
            {
                if (await RelayOnceAsync(stoppingToken) is > 0 and var count)
                {
                    logger.LogInformation("Outbox relay published {PublishedCount} order events", count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Order outbox relay pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
