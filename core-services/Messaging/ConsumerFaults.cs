using Confluent.Kafka;

namespace TicketBottle.Messaging;

/// <summary>
/// What a consume loop rides out instead of dying: a broker that restarts or a partition leader that moves fails a
/// poll or a commit with a non-fatal error, and the next one succeeds. (Found by bench/Chaos: an uncaught "leader epoch
/// is older" commit error stopped the Order service's host.) Fatal errors still throw.
/// </summary>
public static class ConsumerFaults
{
    /// <summary>The next record, or null when a passing error interrupted the poll (it is reported to <paramref name="onTransient"/>).</summary>
    public static ConsumeResult<TKey, TValue>? ConsumeRidingOutErrors<TKey, TValue>(this IConsumer<TKey, TValue> consumer, TimeSpan timeout,
        Action<Error> onTransient)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            onTransient(ex.Error);
            return null;
        }
    }

    /// <summary>
    /// Commits, or reports a passing error: the offsets are then committed with the next batch's, or, if the partition
    /// moves to another consumer first, its records are delivered again, which every handler here takes idempotently.
    /// </summary>
    public static bool CommitRidingOutErrors<TKey, TValue>(this IConsumer<TKey, TValue> consumer, IEnumerable<TopicPartitionOffset> offsets,
        Action<Error> onTransient)
    {
        try
        {
            consumer.Commit(offsets);
            return true;
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            onTransient(ex.Error);
            return false;
        }
    }

    /// <summary>Commits a handled batch: per partition, the offset after its last record (the next one to read).</summary>
    public static bool CommitRidingOutErrors<TKey, TValue>(this IConsumer<TKey, TValue> consumer, IEnumerable<ConsumeResult<TKey, TValue>> handled,
        Action<Error> onTransient) =>
        consumer.CommitRidingOutErrors(handled.GroupBy(r => r.TopicPartition)
            .Select(p => new TopicPartitionOffset(p.Key, p.Max(r => r.Offset.Value) + 1)), onTransient);
}
