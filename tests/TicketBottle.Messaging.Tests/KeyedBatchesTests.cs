using Confluent.Kafka;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Messaging.Tests;

/// <summary>A consumed batch: one order's events in turn, different orders at once, and committed as a whole.</summary>
public sealed class KeyedBatchesTests
{
    [Fact]
    public async Task Records_of_one_key_are_handled_one_after_another_while_other_keys_run_alongside()
    {
        var steps = new List<string>();
        var otherKeyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (string Key, string Value)[] records = [("a", "a1"), ("b", "b1"), ("a", "a2"), ("a", "a3")];

        await KeyedBatches.HandleAsync(records, r => r.Key, async r =>
        {
            lock (steps)
            {
                steps.Add($"start {r.Value}");
            }

            if (r.Value == "b1")
            {
                otherKeyStarted.SetResult();
            }

            // a1 finishes only once b1 has started: handled one record at a time, this would time out.
            if (r.Value == "a1")
            {
                await otherKeyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }

            await Task.Yield();
            lock (steps)
            {
                steps.Add($"end {r.Value}");
            }
        });

        Assert.Equal(["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"], steps.Where(s => s.Contains(" a")));
        Assert.True(steps.IndexOf("start b1") < steps.IndexOf("end a1"));
    }

    [Fact]
    public async Task A_committed_batch_leaves_each_partition_at_the_record_after_its_last()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic("batches", partitions: 3);
        var options = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "batches-test" };
        using var producer = new ProducerBuilder<string, string>(KafkaClientConfig.Producer(options)).Build();
        for (var i = 0; i < 9; i++)
        {
            await producer.ProduceAsync("batches", new Message<string, string> { Key = $"order-{i}", Value = $"event-{i}" });
        }

        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(options, "batches-group")).Build();
        consumer.Subscribe("batches");
        var batch = new List<ConsumeResult<string, string>>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (batch.Count < 9 && DateTime.UtcNow < until)
        {
            if (consumer.ConsumeRidingOutErrors(TimeSpan.FromMilliseconds(200), _ => { }) is { } result)
            {
                batch.Add(result);
            }
        }

        Assert.True(consumer.CommitRidingOutErrors(batch, _ => { }));

        var expected = batch.GroupBy(r => r.TopicPartition).ToDictionary(p => p.Key, p => p.Max(r => r.Offset.Value) + 1);
        var committed = consumer.Committed(expected.Keys, TimeSpan.FromSeconds(10));
        Assert.Equal(9, batch.Count);
        Assert.Equal(expected.OrderBy(e => e.Key.Partition.Value).Select(e => (e.Key.Partition.Value, e.Value)),
            committed.OrderBy(c => c.Partition.Value).Select(c => (c.Partition.Value, c.Offset.Value)));
    }
}
