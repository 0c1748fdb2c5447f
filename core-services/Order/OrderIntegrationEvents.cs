using Google.Protobuf.WellKnownTypes;
using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Order;

public static class OrderIntegrationEvents
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
            Id = $"{order.OrderId}:{suffix}",
            Type = type,
            OccurredAt = Timestamp.FromDateTimeOffset(order.UpdatedAt),
            OrderId = order.OrderId,
        };
        setPayload(integrationEvent);
        return integrationEvent;
    }
}
