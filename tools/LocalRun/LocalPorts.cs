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

    public static readonly Uri GatewayUrl = new($"http://127.0.0.1:{Gateway}");
    public static readonly Uri FunctionsUrl = new($"http://127.0.0.1:{Functions}");
    public static readonly Uri InboxUrl = new($"http://127.0.0.1:{MailWeb}");
}
