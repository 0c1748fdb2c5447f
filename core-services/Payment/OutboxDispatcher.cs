using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBottle.Contracts.Events.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Payment;

/// <summary>
/// Drains the outbox to Kafka. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of replicas drain in
/// parallel without publishing a row twice at the same time; a row is marked published in the same transaction, after
/// the broker acknowledged it. A crash between ack and commit republishes it: delivery is at least once, and consumers
/// de-duplicate on event_id.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource, IIntegrationEventPublisher publisher, TimeProvider clock)
{
    public async Task<int> DispatchBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            SELECT outbox_id AS OutboxId, topic AS Topic, event_type AS EventType, payload AS Payload FROM outbox
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
        Exception? failure = null;
        // In id order, stopping at the first failure, so events of one order never overtake each other.
        foreach (var row in rows)
        {
            try
            {
                await publisher.PublishAsync(row.Topic, IntegrationEventSerializer.FromJson(row.Payload), cancellationToken);
                published.Add(row.OutboxId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE outbox_id = @OutboxId",
                    new { error = ex.Message, row.OutboxId }, transaction, cancellationToken: cancellationToken));
                break;
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET published_at = @now WHERE outbox_id = ANY(@published)",
            new { now = clock.GetUtcNow(), published = published.ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        if (failure is not null)
        {
            throw new OutboxPublishException(published.Count, failure);
        }

        return published.Count;
    }

    private sealed record OutboxRow(long OutboxId, string Topic, string EventType, string Payload);
}

public sealed class OutboxPublishException(int publishedBeforeFailure, Exception inner)
    : Exception($"Outbox publish failed after {publishedBeforeFailure} events: {inner.Message}", inner);

/// <summary>Runs the dispatcher in a loop: immediately again while there is a backlog, with capped backoff on failure.</summary>
public sealed class OutboxPublisherService(
    OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxPublisherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = settings.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await dispatcher.DispatchBatchAsync(settings.BatchSize, stoppingToken);
                backoff = settings.PollInterval;
                if (published > 0)
                {
                    logger.LogInformation("Published {PublishedCount} outbox events", published);
                }

                if (published == settings.BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
                logger.LogError(ex, "Outbox publish failed; retrying in {BackoffMs} ms", backoff.TotalMilliseconds);
            }

            await Task.Delay(backoff, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
