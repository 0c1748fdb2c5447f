using TicketBottle.Functions.Common;
using Amazon.S3;
using Amazon.S3.Model;

namespace TicketBottle.Functions.Analytics;

/// <summary>Reports in S3 under one key per event and day ("reports/{eventId}/{yyyy-MM-dd}.csv"): a day's report exists once.</summary>
public sealed class ReportStore(IAmazonS3 s3, AnalyticsOptions options)
{
    public static string KeyFor(string eventId, DateOnly day) => $"reports/{eventId}/{day:yyyy-MM-dd}.csv";

    public static IAmazonS3 CreateClient(AnalyticsOptions options) => S3Clients.Create(options.S3ServiceUrl, options.Region);

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(options.BucketName, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task SaveAsync(string key, string csv, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.BucketName,
            Key = key,
            ContentBody = csv,
            ContentType = "text/csv; charset=utf-8",
            UseChunkEncoding = false,
            Headers = { ContentDisposition = $"attachment; filename=\"{Path.GetFileName(key)}\"" },
        }, cancellationToken);

    public Task<string> LinkAsync(string key) =>
        s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = options.BucketName,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + options.LinkLifetime,
            Protocol = options.S3ServiceUrl?.StartsWith("http://", StringComparison.Ordinal) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
}
