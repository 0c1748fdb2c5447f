namespace TicketBottle.LocalPlatform;

/// <summary>An SQS event source fed by an EventBridge Pipe from a Kafka topic (resolved through the Pipe resource).</summary>
public sealed record QueueTrigger(string QueueId, string KafkaTopic, int BatchSize);
