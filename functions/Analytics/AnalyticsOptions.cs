using TicketBottle.Functions.Common;

namespace TicketBottle.Functions.Analytics;

public sealed record AnalyticsOptions
{
    /// <summary>This function's service identity key (<see cref="CoreServiceChannels"/>).</summary>
    public required string ServiceIdentityKey { get; init; }
    public required string EventServiceUrl { get; init; }
    public required string InventoryServiceUrl { get; init; }
    public required string UserServiceUrl { get; init; }
    /// <summary>Reports sit next to the tickets, under reports/ (private bucket, presigned links).</summary>
    public required string BucketName { get; init; }
    /// <summary>Null in AWS; a local S3 (s3rver) URL in tests and the local stack.</summary>
    public string? S3ServiceUrl { get; init; }
    public string Region { get; init; } = "ap-southeast-1";
    /// <summary>How long the mailed link works: SigV4's longest, a week, so last week's mail still opens.</summary>
    public TimeSpan LinkLifetime { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public required SmtpOptions Smtp { get; init; }

    public static AnalyticsOptions FromEnvironment() => new()
    {
        ServiceIdentityKey = FunctionEnvironment.Required(CoreServiceChannels.KeyVariable),
        EventServiceUrl = FunctionEnvironment.Required("EVENT_SERVICE_URL"),
        InventoryServiceUrl = FunctionEnvironment.Required("INVENTORY_SERVICE_URL"),
        UserServiceUrl = FunctionEnvironment.Required("USER_SERVICE_URL"),
        BucketName = FunctionEnvironment.Required("TICKETS_BUCKET"),
        S3ServiceUrl = FunctionEnvironment.Optional("S3_SERVICE_URL"),
        Region = FunctionEnvironment.Optional("AWS_REGION") ?? "ap-southeast-1",
        Smtp = SmtpOptions.FromEnvironment(),
    };
}
