using Confluent.Kafka;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Messaging.Tests;

/// <summary>A consume loop rides out broker restarts and leader moves (bench/Chaos found one that died of a commit error).</summary>
public sealed class ConsumerFaultsTests
{
    [Fact]
    public void A_passing_commit_error_is_reported_not_thrown_and_a_fatal_one_still_throws()
    {
        var reported = new List<ErrorCode>();
        var transient = new ThrowingConsumer(new KafkaException(new Error(ErrorCode.StaleMemberEpoch, "Leader epoch is older than broker epoch")));
        var fatal = new ThrowingConsumer(new KafkaException(new Error(ErrorCode.Local_Fatal, "fatal", isFatal: true)));
        var offsets = new[] { new TopicPartitionOffset("t", 0, 5) };

        Assert.False(transient.CommitRidingOutErrors(offsets, e => reported.Add(e.Code)));
        Assert.Null(transient.ConsumeRidingOutErrors(TimeSpan.Zero, e => reported.Add(e.Code)));
        Assert.Throws<KafkaException>(() => fatal.CommitRidingOutErrors(offsets, e => reported.Add(e.Code)));
        Assert.Equal([ErrorCode.StaleMemberEpoch, ErrorCode.StaleMemberEpoch], reported);
    }

    [Fact]
    public async Task A_consume_loop_gets_every_record_while_partition_leaders_move()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic("faults", partitions: 3);
        var options = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "faults-test" };
        using var producer = new ProducerBuilder<string, string>(KafkaClientConfig.Producer(options)).Build();
        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(options, "faults-group")).Build();
        consumer.Subscribe("faults");
        var received = new HashSet<string>();
        var expected = new HashSet<string>();

        async Task ProduceAsync(int from)
        {
            for (var i = from; i < from + 30; i++)
            {
                await producer.ProduceAsync("faults", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
                expected.Add($"v{i}");
            }
        }

        void ConsumeFor(TimeSpan duration)
        {
            var until = DateTime.UtcNow + duration;
            while (DateTime.UtcNow < until && received.Count < expected.Count)
            {
                if (consumer.ConsumeRidingOutErrors(TimeSpan.FromMilliseconds(200), _ => { }) is { } result)
                {
                    received.Add(result.Message.Value);
                    consumer.CommitRidingOutErrors([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1)], _ => { });
                }
            }
        }

        await ProduceAsync(0);
        ConsumeFor(TimeSpan.FromSeconds(20));
        // What the chaos run did when the Order service's commit failed: every partition's leader moves at once.
        for (var partition = 0; partition < 3; partition++)
        {
            cluster.SetPartitionLeader("faults", partition, 1 + (partition + 1) % 3);
        }

        await ProduceAsync(30);
        ConsumeFor(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal(60, expected.Count);
        Assert.Subset(received, expected);
    }

    private sealed class ThrowingConsumer(KafkaException error) : IConsumer<string, string>
    {
        public void Commit(IEnumerable<TopicPartitionOffset> offsets) => throw error;
        public ConsumeResult<string, string> Consume(TimeSpan timeout) => throw new ConsumeException(new ConsumeResult<byte[], byte[]>(), error.Error);

        public ConsumeResult<string, string> Consume(int millisecondsTimeout) => throw new NotSupportedException();
        public ConsumeResult<string, string> Consume(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public string MemberId => "";
        public List<TopicPartition> Assignment => [];
        public List<string> Subscription => [];
        public IConsumerGroupMetadata ConsumerGroupMetadata => throw new NotSupportedException();
        public Handle Handle => throw new NotSupportedException();
        public string Name => "throwing";
        public int AddBrokers(string brokers) => 0;
        public void SetSaslCredentials(string username, string password) { }
        public void Subscribe(IEnumerable<string> topics) { }
        public void Subscribe(string topic) { }
        public void Unsubscribe() { }
        public void Assign(TopicPartition partition) { }
        public void Assign(TopicPartitionOffset partition) { }
        public void Assign(IEnumerable<TopicPartitionOffset> partitions) { }
        public void Assign(IEnumerable<TopicPartition> partitions) { }
        public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) { }
        public void IncrementalAssign(IEnumerable<TopicPartition> partitions) { }
        public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) { }
        public void Unassign() { }
        public void StoreOffset(ConsumeResult<string, string> result) { }
        public void StoreOffset(TopicPartitionOffset offset) { }
        public List<TopicPartitionOffset> Commit() => throw error;
        public void Commit(ConsumeResult<string, string> result) => throw error;
        public void Seek(TopicPartitionOffset tpo) { }
        public void Pause(IEnumerable<TopicPartition> partitions) { }
        public void Resume(IEnumerable<TopicPartition> partitions) { }
        public List<TopicPartitionOffset> Committed(TimeSpan timeout) => [];
        public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => [];
        public Offset Position(TopicPartition partition) => Offset.Unset;
        public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) => [];
        public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => new(Offset.Unset, Offset.Unset);
        public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => new(Offset.Unset, Offset.Unset);
        public void Close() { }
        public void Dispose() { }
    }
}
