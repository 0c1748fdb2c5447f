using Dapper;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Payment;

/// <summary>Adds payment events to the outbox inside the caller's transaction, so they commit with the state change.</summary>
public static class OutboxWriter
{
    public static Task AddPaymentSucceededAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        PaymentIntentRecord intent, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddAsync(connection, transaction, NewEvent("payment.succeeded", intent.OrderId, now, e => e.PaymentSucceeded = new PaymentSucceeded
        {
            PaymentId = intent.PaymentId.ToString(),
            OrderId = intent.OrderId,
            AmountVnd = intent.AmountVnd,
            Provider = intent.Provider,
            ProviderTransactionId = intent.ProviderTransactionId ?? "",
        }), now, cancellationToken);

    public static Task AddPaymentFailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        PaymentIntentRecord intent, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddAsync(connection, transaction, NewEvent("payment.failed", intent.OrderId, now, e => e.PaymentFailed = new PaymentFailed
        {
            PaymentId = intent.PaymentId.ToString(),
            OrderId = intent.OrderId,
            AmountVnd = intent.AmountVnd,
            Provider = intent.Provider,
            Reason = reason,
        }), now, cancellationToken);

    public static Task AddPaymentRefundedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        RefundRecord refund, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddAsync(connection, transaction, NewEvent("payment.refunded", refund.OrderId, now, e => e.PaymentRefunded = new PaymentRefunded
        {
            RefundId = refund.RefundId.ToString(),
            PaymentId = refund.PaymentId.ToString(),
            OrderId = refund.OrderId,
            AmountVnd = refund.AmountVnd,
            Provider = refund.Provider,
            Reason = refund.Reason,
        }), now, cancellationToken);

    private static IntegrationEvent NewEvent(string type, string orderId, DateTimeOffset now, Action<IntegrationEvent> setPayload)
    {
        var integrationEvent = new IntegrationEvent
        {
            Id = Guid.CreateVersion7().ToString(),
            Type = type,
            OrderId = orderId,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
        };
        setPayload(integrationEvent);
        return integrationEvent;
    }

    private static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IntegrationEvent integrationEvent,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox (integration_event_id, topic, message_key, integration_event_type, payload, created_at)
            VALUES (@Id, @Topic, @Key, @Type, @Payload, @Now)
            """,
            new
            {
                Id = Guid.Parse(integrationEvent.Id),
                Topic = KafkaTopics.Payments,
                Key = integrationEvent.OrderId,
                Type = integrationEvent.Type,
                Payload = IntegrationEventSerializer.ToJson(integrationEvent),
                Now = now,
            },
            transaction, cancellationToken: cancellationToken));
}
