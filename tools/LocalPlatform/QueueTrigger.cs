namespace TicketBottle.LocalPlatform;

/// <summary>An SQS event source fed by EventBridge Pipes from Kafka topics (resolved through the Pipe resources).</summary>
public sealed record QueueTrigger(string QueueId, IReadOnlyList<string> KafkaTopics, int BatchSize)
{
    public bool Equals(QueueTrigger? other) =>
        other is not null && QueueId == other.QueueId && KafkaTopics.SequenceEqual(other.KafkaTopics) && BatchSize == other.BatchSize;

    public override int GetHashCode() => HashCode.Combine(QueueId, KafkaTopics.Count, BatchSize);
}
