using TicketBottle.Functions.Common;
using TicketBottle.Functions.Tickets;

namespace TicketBottle.Functions.EmailSender;

public sealed record EmailSenderOptions
{
    /// <summary>This function's service identity key (<see cref="CoreServiceChannels"/>).</summary>
    public required string ServiceIdentityKey { get; init; }
    public required string OrderServiceUrl { get; init; }
    public required TicketStoreOptions Store { get; init; }
    public required string TicketTokenKey { get; init; }
    public required SmtpOptions Smtp { get; init; }
    /// <summary>DynamoDB table recording which orders' e-mails were sent (partition key "order_id").</summary>
    public required string SendsTable { get; init; }
    /// <summary>The e-mail links the order's page here, behind the customer's login, instead of a bearer URL anyone holding the mail could use.</summary>
    public required string StorefrontUrl { get; init; }
    /// <summary>Null in AWS; a local DynamoDB (dynalite) URL in tests and the local stack.</summary>
    public string? DynamoDbServiceUrl { get; init; }
    /// <summary>A claim older than this is taken to belong to a crashed invocation and may be taken over.</summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan OrderDeadline { get; init; } = TimeSpan.FromSeconds(5);

    public static EmailSenderOptions FromEnvironment() => new()
    {
        ServiceIdentityKey = FunctionEnvironment.Required(CoreServiceChannels.KeyVariable),
        OrderServiceUrl = FunctionEnvironment.Required("ORDER_SERVICE_URL"),
        Store = TicketStoreOptions.FromEnvironment(),
        TicketTokenKey = FunctionEnvironment.Required("TICKET_TOKEN_KEY"),
        SendsTable = FunctionEnvironment.Required("EMAIL_SENDS_TABLE"),
        StorefrontUrl = FunctionEnvironment.Required("STOREFRONT_URL"),
        DynamoDbServiceUrl = FunctionEnvironment.Optional("DYNAMODB_SERVICE_URL"),
        Smtp = SmtpOptions.FromEnvironment(),
    };
}
