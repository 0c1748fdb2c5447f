using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Serilog;
using TicketBottle.Functions.Common;
using TicketBottle.Messaging;

namespace TicketBottle.LocalPipe;

/// <summary>
/// Does locally what the EventBridge Pipe and SQS do in AWS: reads the Kafka topic in a consumer group and invokes
/// the handler with SQS events whose bodies are <see cref="PipeKafkaRecord"/>s; items the handler reports in
/// batchItemFailures are delivered again, up to MaxReceiveCount. Offsets are committed once a batch is settled.
/// </summary>
public sealed class KafkaSqsBridge(BridgeOptions options, Func<Stream, Task<Stream>> handler, ILogger logger)
{
    public Task RunAsync(CancellationToken cancellationToken) => ConsumerThread.Start($"local-pipe-{options.Topic}", () => Run(cancellationToken));

    private void Run(CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(options.Kafka, options.GroupId)).Build();
        consumer.Subscribe(options.Topic);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = Collect(consumer, cancellationToken);
                if (batch.Count == 0)
                {
                    continue;
                }

                // The handler runs on the pool; only this thread waits for it.
                DeliverAsync(batch, cancellationToken).GetAwaiter().GetResult();
                consumer.CommitRidingOutErrors(batch, Transient);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    private List<ConsumeResult<string, string>> Collect(IConsumer<string, string> consumer, CancellationToken cancellationToken)
    {
        var batch = new List<ConsumeResult<string, string>>();
        var windowEnds = DateTime.UtcNow + options.BatchWindow;
        while (batch.Count < options.BatchSize && DateTime.UtcNow < windowEnds && !cancellationToken.IsCancellationRequested)
        {
            if (consumer.ConsumeRidingOutErrors(TimeSpan.FromMilliseconds(50), Transient) is { } result)
            {
                batch.Add(result);
            }
        }

        return batch;
    }

    private void Transient(Error error) =>
        logger.Warning("Pipe consumer of {Topic} rode out {Code}: {Reason}", options.Topic, error.Code, error.Reason);

    private async Task DeliverAsync(List<ConsumeResult<string, string>> batch, CancellationToken cancellationToken)
    {
        var pending = batch.Select(r => new SqsMessage
        {
            MessageId = $"{r.Topic}-{r.Partition.Value}-{r.Offset.Value}",
            Body = JsonSerializer.Serialize(PipeKafkaRecord.From(r.Topic, r.Partition.Value, r.Offset.Value,
                r.Message.Timestamp.UtcDateTime, r.Message.Key, r.Message.Value,
                r.Message.Headers?.Select(h => KeyValuePair.Create(h.Key, h.GetValueBytes())) ?? []), FunctionJsonContext.Default.PipeKafkaRecord),
            EventSource = "aws:sqs",
            Attributes = new Dictionary<string, string>(),
        }).ToList();
        for (var receive = 1; pending.Count > 0; receive++)
        {
            foreach (var message in pending)
            {
                message.Attributes!["ApproximateReceiveCount"] = receive.ToString();
            }

            var failed = await InvokeAsync(new SqsEvent { Records = pending });
            pending = pending.Where(m => failed.Contains(m.MessageId)).ToList();
            if (pending.Count > 0 && receive >= options.MaxReceiveCount)
            {
                foreach (var message in pending)
                {
                    logger.Error("Dead-lettered {MessageId} after {Receives} receives", message.MessageId, receive);
                }

                return;
            }

            if (pending.Count > 0)
            {
                await Task.Delay(options.RedeliveryStep * receive, cancellationToken);
            }
        }
    }

    private async Task<HashSet<string>> InvokeAsync(SqsEvent sqsEvent)
    {
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(sqsEvent, FunctionJsonContext.Default.SqsEvent)));
        await using var output = await handler(input);
        var response = await JsonSerializer.DeserializeAsync(output, FunctionJsonContext.Default.SqsBatchResponse);
        return response?.BatchItemFailures.Select(f => f.ItemIdentifier).ToHashSet() ?? [];
    }
}
