using TicketBottle.Functions.Tickets;

namespace TicketBottle.Functions.EmailSender;

public sealed record EmailSenderOptions
{
    public required string OrderServiceUrl { get; init; }
    public required TicketStoreOptions Store { get; init; }
    public required string TicketTokenKey { get; init; }
    public required SmtpOptions Smtp { get; init; }
    /// <summary>DynamoDB table recording which orders' e-mails were sent (partition key "order_id").</summary>
    public required string SendsTable { get; init; }
    /// <summary>Null in AWS; a local DynamoDB (dynalite) URL in tests and the local stack.</summary>
    public string? DynamoDbServiceUrl { get; init; }
    /// <summary>A claim older than this is taken to belong to a crashed invocation and may be taken over.</summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan OrderDeadline { get; init; } = TimeSpan.FromSeconds(5);

    public static EmailSenderOptions FromEnvironment() => new()
    {
        OrderServiceUrl = Required("ORDER_SERVICE_URL"),
        Store = TicketStoreOptions.FromEnvironment(),
        TicketTokenKey = Required("TICKET_TOKEN_KEY"),
        SendsTable = Required("EMAIL_SENDS_TABLE"),
        DynamoDbServiceUrl = Environment.GetEnvironmentVariable("DYNAMODB_SERVICE_URL") is { Length: > 0 } url ? url : null,
        Smtp = new SmtpOptions
        {
            Host = Required("SMTP_HOST"),
            Port = int.Parse(Environment.GetEnvironmentVariable("SMTP_PORT") ?? "587"),
            Security = Enum.Parse<SmtpSecurity>(Environment.GetEnvironmentVariable("SMTP_SECURITY") ?? "StartTls", ignoreCase: true),
            Username = Environment.GetEnvironmentVariable("SMTP_USERNAME"),
            Password = Environment.GetEnvironmentVariable("SMTP_PASSWORD"),
            FromAddress = Required("MAIL_FROM"),
        },
    };

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");
}
