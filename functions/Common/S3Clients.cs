using Amazon.Runtime;
using Amazon.S3;
using TicketBottle.Aws;

namespace TicketBottle.Functions.Common;

/// <summary>The S3 client of the functions that store files (tickets, reports): S3 in AWS, s3rver locally.</summary>
public static class S3Clients
{
    /// <param name="serviceUrl">Null in AWS; a local S3 (s3rver) URL in tests and the local stack.</param>
    public static IAmazonS3 Create(string? serviceUrl, string region) =>
        AwsClients.Create<AmazonS3Client, AmazonS3Config>(serviceUrl, region,
            config => new(config), (credentials, config) => new(credentials, config),
            configure: config =>
            {
                // Checksums only where S3 requires them; local S3 stand-ins don't speak the trailing-checksum upload format.
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            },
            configureLocal: config =>
            {
                config.ForcePathStyle = true;
                config.UseHttp = serviceUrl!.StartsWith("http://", StringComparison.Ordinal);
            });
}
