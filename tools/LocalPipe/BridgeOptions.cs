using TicketBottle.Messaging;

namespace TicketBottle.LocalPipe;

public sealed record BridgeOptions
{
    public required KafkaOptions Kafka { get; init; }
    public required string Topic { get; init; }
    public string GroupId { get; init; } = "local-pipe";
    public int BatchSize { get; init; } = 10;
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Like the queue's redrive policy: a message failing this often is dead-lettered (logged and dropped).</summary>
    public int MaxReceiveCount { get; init; } = 3;
}
