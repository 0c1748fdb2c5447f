using System.Diagnostics;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;
using TicketBottle.Telemetry;

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
        }), PurchaseTrace(intent), now, cancellationToken);

    public static Task AddPaymentFailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        PaymentIntentRecord intent, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddAsync(connection, transaction, NewEvent("payment.failed", intent.OrderId, now, e => e.PaymentFailed = new PaymentFailed
        {
            PaymentId = intent.PaymentId.ToString(),
            OrderId = intent.OrderId,
            AmountVnd = intent.AmountVnd,
            Provider = intent.Provider,
            Reason = reason,
        }), PurchaseTrace(intent), now, cancellationToken);

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
        }), TraceHeaders.CurrentTraceparent(), now, cancellationToken);

    /// <summary>
    /// A payment's outcome continues the trace of the purchase that created the intent (not the provider's webhook
    /// request, which starts a trace of its own); the webhook's span links to it, so either leads to the other.
    /// </summary>
    private static string? PurchaseTrace(PaymentIntentRecord intent)
    {
        var purchase = TraceHeaders.FromTraceparent(intent.TraceParent);
        if (purchase == default)
        {
            return TraceHeaders.CurrentTraceparent();
        }

        Activity.Current?.AddLink(new ActivityLink(purchase));
        return intent.TraceParent;
    }

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
        string? traceParent, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox (integration_event_id, topic, message_key, integration_event_type, payload, created_at, trace_parent)
            VALUES (@Id, @Topic, @Key, @Type, @Payload, @Now, @TraceParent)
            """,
            new
            {
                Id = Guid.Parse(integrationEvent.Id),
                Topic = KafkaTopics.Payments,
                Key = integrationEvent.OrderId,
                Type = integrationEvent.Type,
                Payload = IntegrationEventSerializer.ToJson(integrationEvent),
                Now = now,
                TraceParent = traceParent,
            },
            transaction, cancellationToken: cancellationToken));
}
