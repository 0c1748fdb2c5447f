using TicketBottle.Messaging;

namespace TicketBottle.LocalPipe;

public sealed record BridgeOptions
{
    public required KafkaOptions Kafka { get; init; }
    public required string Topic { get; init; }
    public string GroupId { get; init; } = "local-pipe";
    public int BatchSize { get; init; } = 10;
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>The queue's redrive policy (template.yaml: 5): a message failing this often is dead-lettered (logged and dropped).</summary>
    public int MaxReceiveCount { get; init; } = 5;

    /// <summary>
    /// Before the n-th receive, n−1 times this. SQS waits the visibility timeout (180 s) each time, so an outage of
    /// minutes is ridden out; locally 2, 4, 6, 8 s (20 s in all) — a chaos run's 10 s SMTP or S3 outage must not
    /// dead-letter a confirmation here that AWS would have delivered.
    /// </summary>
    public TimeSpan RedeliveryStep { get; init; } = TimeSpan.FromSeconds(2);
}
