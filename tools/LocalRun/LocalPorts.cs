using TicketBottle.LocalPlatform;

namespace TicketBottle.LocalRun;

/// <summary>Fixed loopback ports of the local stack, so URLs in the README, Postman and the demo stay the same.</summary>
public static class LocalPorts
{
    public const int Gateway = 8080;
    public const int Functions = 3000;
    public const int FirstService = 5001;
    public const int MailSmtp = 1025;
    public const int MailWeb = 1080;
    public const int Postgres = 55432;
    public const int Redis = 56379;
    public const int DynamoDb = 58000;
    public const int S3 = 54569;
    public const int ProviderSandbox = 8090;

    public static readonly Uri GatewayUrl = new($"http://127.0.0.1:{Gateway}");
    public static readonly Uri FunctionsUrl = new($"http://127.0.0.1:{Functions}");
    public static readonly Uri InboxUrl = new($"http://127.0.0.1:{MailWeb}");

    public static readonly ServiceUrls Urls = new(Service(0), Service(1), Service(2), Service(3), Service(4), Service(5), GatewayUrl, FunctionsUrl);

    /// <summary>The settings ./run.sh starts the platform with (the tuning flags aside).</summary>
    public static PlatformSettings Settings(string? dataDirectory = null) => new()
    {
        DataDirectory = dataDirectory,
        BasePort = FirstService,
        GatewayPort = Gateway,
        FunctionsPort = Functions,
        PostgresPort = Postgres,
        RedisPort = Redis,
        DynamoDbPort = DynamoDb,
        S3Port = S3,
        ProviderSandboxPort = ProviderSandbox,
        SmtpPort = MailSmtp,
    };

    /// <summary>What a function gets in the running local platform (`./run.sh invoke`).</summary>
    public static IReadOnlyDictionary<string, string> FunctionEnvironment() =>
        LocalTopology.FunctionEnvironment(Settings(), Urls, new Uri($"http://127.0.0.1:{S3}"), new Uri($"http://127.0.0.1:{DynamoDb}"));

    private static Uri Service(int offset) => new($"http://127.0.0.1:{FirstService + offset}");
}
