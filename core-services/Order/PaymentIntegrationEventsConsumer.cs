using Amazon.Runtime;
using Confluent.Kafka;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Order;

/// <summary>
/// Feeds payment events into the saga. The offset is committed only after the saga step finished, and a step that
/// fails for a passing reason is retried in place (capped backoff) so the events of one order never overtake each
/// other; redelivery after a crash is harmless because every step is idempotent. What has arrived is handled as a
/// batch, different orders at once: one at a time, a pod confirmed ~30 orders a second, and in bench/Load's on-sale
/// (30 payments a second) confirmations fell 30 s behind the payments.
/// </summary>
public sealed class PaymentIntegrationEventsConsumer(
    OrderSaga saga, IOptions<KafkaOptions> kafka, IOptions<OrderOptions> options, ILogger<PaymentIntegrationEventsConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    // A batch lasts as long as its slowest step (a second or two on a saturated box), so it must hold a backlog
    // of seconds: 32 kept confirmations 12 s behind the payments in bench/Load.
    private const int MaxBatch = 256;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ConsumerThread.Start("payment-events-consumer", () => Run(stoppingToken));

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(kafka.Value, options.Value.ConsumerGroup))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka consumer error {Code}: {Reason}", error.Code, error.Reason))
            .Build();
        consumer.Subscribe(KafkaTopics.Payments);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (consumer.ConsumeRidingOutErrors(TimeSpan.FromSeconds(1), Transient) is not { } first)
                {
                    continue;
                }

                // Whatever the client has already fetched joins the batch; it does not wait for more.
                var batch = new List<ConsumeResult<string, string>> { first };
                while (batch.Count < MaxBatch && consumer.ConsumeRidingOutErrors(TimeSpan.Zero, Transient) is { } next)
                {
                    batch.Add(next);
                }

                // The saga steps run on the pool; only this thread waits for them.
                KeyedBatches.HandleAsync(batch, r => r.Message.Key, r => HandleAsync(r, stoppingToken)).GetAwaiter().GetResult();
                consumer.CommitRidingOutErrors(batch, Transient);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Transient(Error error) =>
        logger.LogWarning("Kafka consumer rode out {Code}: {Reason}; it polls again and commits with the next record", error.Code, error.Reason);

    private async Task HandleAsync(ConsumeResult<string, string> result, CancellationToken stoppingToken)
    {
        // The saga step (and the order.confirmed it publishes) joins the trace of the payment that caused it.
        using var activity = KafkaTracing.StartProcess(result.Topic, result.Message.Headers);
        IntegrationEvent integrationEvent;
        try
        {
            integrationEvent = IntegrationEventSerializer.FromJson(result.Message.Value);
        }
        catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or InvalidOperationException)
        {
            logger.LogError(ex, "Skipping unreadable message at {TopicPartitionOffset}", result.TopicPartitionOffset);
            return;
        }

        KafkaTracing.TagIntegrationEvent(activity, integrationEvent);
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                switch (integrationEvent.PayloadCase)
                {
                    case IntegrationEvent.PayloadOneofCase.PaymentSucceeded:
                        await saga.OnPaymentSucceededAsync(integrationEvent.OrderId, stoppingToken);
                        break;
                    case IntegrationEvent.PayloadOneofCase.PaymentFailed:
                        await saga.OnPaymentFailedAsync(integrationEvent.OrderId, integrationEvent.PaymentFailed.Reason, stoppingToken);
                        break;
                    default:
                        logger.LogDebug("Ignoring {IntegrationEventType} {IntegrationEventId}", integrationEvent.Type, integrationEvent.Id);
                        break;
                }

                return;
            }
            catch (Exception ex) when (ex is SagaNotReadyException or RpcException or AmazonServiceException or HttpRequestException
                                       && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "{IntegrationEventType} {IntegrationEventId} for order {OrderId} failed; retrying in {BackoffMs} ms",
                    integrationEvent.Type, integrationEvent.Id, integrationEvent.OrderId, backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
