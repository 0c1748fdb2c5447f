using System.Diagnostics;
using Dapper;
using Npgsql;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;
using TicketBottle.Telemetry;

namespace TicketBottle.Payment;

/// <summary>
/// Drains the outbox to Kafka. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of replicas drain in
/// parallel without publishing a row twice at the same time; a row is marked published in the same transaction, after
/// the broker acknowledged it. A crash between ack and commit republishes it: delivery is at least once, and consumers
/// de-duplicate on the integration event id. The rows of one order go out one after another, different orders' at
/// once: awaiting each acknowledgement in turn capped a pod at a few dozen events a second, and in bench/Load's
/// on-sale (30 payments a second) the payment events fell 5-13 s behind.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IIntegrationEventPublisher publisher, TimeProvider clock)
{
    public async Task<int> RelayBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            SELECT outbox_id AS OutboxId, topic AS Topic, message_key AS MessageKey, integration_event_type AS Type, payload AS Payload,
                   trace_parent AS TraceParent FROM outbox
            WHERE published_at IS NULL
            ORDER BY outbox_id
            LIMIT @batchSize
            FOR UPDATE SKIP LOCKED
            """,
            new { batchSize }, transaction, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        var published = new List<long>(rows.Count);
        var failures = new List<(OutboxRow Row, Exception Error)>();
        await KeyedBatches.HandleAsync(rows, row => row.MessageKey, async row =>
        {
            lock (failures)
            {
                // An order whose event failed sends none of its later ones in this pass, so they never overtake it.
                if (failures.Any(f => f.Row.MessageKey == row.MessageKey))
                {
                    return;
                }
            }

            // The send joins the trace the row was written in (the purchase), not this relay pass's.
            using var activity = TicketBottleTelemetry.Source.StartActivity("outbox relay", ActivityKind.Internal,
                TraceHeaders.FromTraceparent(row.TraceParent));
            try
            {
                await publisher.PublishAsync(row.Topic, IntegrationEventSerializer.FromJson(row.Payload), cancellationToken);
                lock (failures)
                {
                    published.Add(row.OutboxId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                lock (failures)
                {
                    failures.Add((row, ex));
                }
            }
        });

        foreach (var (row, error) in failures)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE outbox_id = @OutboxId",
                new { error = error.Message, row.OutboxId }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET published_at = @now WHERE outbox_id = ANY(@published)",
            new { now = clock.GetUtcNow(), published = published.ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        if (failures.Count > 0)
        {
            throw new OutboxRelayException(published.Count, failures[0].Error);
        }

        return published.Count;
    }

    private sealed record OutboxRow(long OutboxId, string Topic, string MessageKey, string Type, string Payload, string? TraceParent);
}
