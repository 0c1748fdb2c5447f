using TicketBottle.Functions.Common;
using Amazon.S3;
using Amazon.S3.Model;

namespace TicketBottle.Functions.Tickets;

/// <summary>
/// Ticket PDFs in S3 under one key per order ("tickets/{orderId}.pdf"): a retry overwrites instead of adding a copy,
/// and customers download through short-lived presigned URLs, never a public bucket.
/// </summary>
public sealed class TicketStore(IAmazonS3 s3, TicketStoreOptions options)
{
    public static string KeyFor(string orderId) => $"tickets/{orderId}.pdf";

    public static IAmazonS3 CreateClient(TicketStoreOptions options) => S3Clients.Create(options.ServiceUrl, options.Region);

    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(options.BucketName, KeyFor(orderId), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task SaveAsync(string orderId, byte[] pdf, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.BucketName,
            Key = KeyFor(orderId),
            InputStream = new MemoryStream(pdf),
            ContentType = "application/pdf",
            // PDFs are small: sign the whole body instead of aws-chunked streaming, which local S3 stand-ins store verbatim.
            UseChunkEncoding = false,
            Headers = { ContentDisposition = $"inline; filename=\"tickets-{orderId}.pdf\"" },
            Metadata = { ["order-id"] = orderId },
        }, cancellationToken);

    public Task<string> DownloadUrlAsync(string orderId) =>
        s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = options.BucketName,
            Key = KeyFor(orderId),
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + options.DownloadLinkLifetime,
            Protocol = options.ServiceUrl?.StartsWith("http://", StringComparison.Ordinal) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
}
