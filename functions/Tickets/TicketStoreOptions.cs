using TicketBottle.Functions.Common;

namespace TicketBottle.Functions.Tickets;

public sealed record TicketStoreOptions
{
    public required string BucketName { get; init; }
    /// <summary>Null in AWS; a local S3 (s3rver) URL in tests and the local stack.</summary>
    public string? ServiceUrl { get; init; }
    public string Region { get; init; } = "ap-southeast-1";
    public TimeSpan DownloadLinkLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public static TicketStoreOptions FromEnvironment() => new()
    {
        BucketName = FunctionEnvironment.Required("TICKETS_BUCKET"),
        ServiceUrl = FunctionEnvironment.Optional("S3_SERVICE_URL"),
        Region = FunctionEnvironment.Optional("AWS_REGION") ?? "ap-southeast-1",
        DownloadLinkLifetime = TimeSpan.FromMinutes(FunctionEnvironment.Integer("DOWNLOAD_LINK_MINUTES", 15)),
    };
}
