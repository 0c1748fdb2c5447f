using Amazon;
using Amazon.Runtime;

namespace TicketBottle.Aws;

public static class AwsClients
{
    // s3rver accepts only its documented key pair; dynalite accepts any.
    private static readonly BasicAWSCredentials StandInCredentials = new("S3RVER", "S3RVER");

    /// <summary>
    /// Without a service URL (in AWS): the regional endpoint and the default credentials (Pod Identity, the function's
    /// role). With one (tests, the local platform): that stand-in, with the placeholder credentials it accepts.
    /// </summary>
    /// <param name="inAws">The client's (config) constructor.</param>
    /// <param name="local">The client's (credentials, config) constructor.</param>
    /// <param name="configure">Settings for both (e.g. S3 checksums).</param>
    /// <param name="configureLocal">What a stand-in needs besides its URL (e.g. S3 path-style addressing).</param>
    public static TClient Create<TClient, TConfig>(string? serviceUrl, string region, Func<TConfig, TClient> inAws,
        Func<AWSCredentials, TConfig, TClient> local, Action<TConfig>? configure = null, Action<TConfig>? configureLocal = null)
        where TConfig : ClientConfig, new()
    {
        var config = new TConfig();
        configure?.Invoke(config);
        if (string.IsNullOrEmpty(serviceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            return inAws(config);
        }

        config.ServiceURL = serviceUrl;
        config.AuthenticationRegion = region;
        configureLocal?.Invoke(config);
        return local(StandInCredentials, config);
    }
}
