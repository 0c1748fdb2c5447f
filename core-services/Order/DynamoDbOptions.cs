namespace TicketBottle.Order;

public sealed class DynamoDbOptions
{
    public const string SectionName = "DynamoDb";

    /// <summary>Empty in AWS (the SDK finds the regional endpoint); the dynalite URL locally.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "ap-southeast-1";
    public string OrdersTable { get; set; } = "ticketbottle-orders";
    /// <summary>Create the table and its indexes at start-up when missing (local stack and tests; infra owns it in AWS).</summary>
    public bool EnsureTable { get; set; }
}
