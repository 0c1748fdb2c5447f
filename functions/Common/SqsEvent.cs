using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Common;

/// <summary>The event Lambda's SQS event source mapping delivers (also what an EventBridge Pipe → SQS ends in).</summary>
public sealed class SqsEvent
{
    [JsonPropertyName("Records")] public List<SqsMessage> Records { get; set; } = [];
}

public sealed class SqsMessage
{
    [JsonPropertyName("messageId")] public string MessageId { get; set; } = "";
    [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; set; }
    [JsonPropertyName("body")] public string Body { get; set; } = "";
    [JsonPropertyName("attributes")] public Dictionary<string, string>? Attributes { get; set; }
    [JsonPropertyName("messageAttributes")] public Dictionary<string, SqsMessageAttribute>? MessageAttributes { get; set; }
    [JsonPropertyName("md5OfBody")] public string? Md5OfBody { get; set; }
    [JsonPropertyName("eventSource")] public string? EventSource { get; set; }
    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; set; }
    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }
}

public sealed class SqsMessageAttribute
{
    [JsonPropertyName("stringValue")] public string? StringValue { get; set; }
    [JsonPropertyName("dataType")] public string? DataType { get; set; }
}

/// <summary>
/// Partial batch response (requires FunctionResponseTypes: ReportBatchItemFailures): only the listed messages
/// return to the queue.
/// </summary>
public sealed class SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")] public List<SqsBatchItemFailure> BatchItemFailures { get; set; } = [];
}

public sealed class SqsBatchItemFailure
{
    [JsonPropertyName("itemIdentifier")] public string ItemIdentifier { get; set; } = "";
}
