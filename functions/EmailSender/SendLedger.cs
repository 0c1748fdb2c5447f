using TicketBottle.Aws;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace TicketBottle.Functions.EmailSender;

/// <summary>
/// At most one e-mail per send key (an order's confirmation: its order id; a refund notice: "refund:{refund id}"),
/// across retries and concurrent deliveries of the same SQS message: a conditional write claims the key before
/// sending and marks it sent after. The table's hash attribute is named order_id from when confirmations were all. If an invocation dies between the
/// SMTP send and the mark, the claim times out and the next delivery sends again: the one residual duplicate window,
/// chosen over the alternative (mark first, risk never sending).
/// </summary>
public sealed class SendLedger(IAmazonDynamoDB dynamo, string table, TimeSpan claimTimeout)
{
    public static IAmazonDynamoDB CreateClient(string? serviceUrl, string region) =>
        AwsClients.Create<AmazonDynamoDBClient, AmazonDynamoDBConfig>(serviceUrl, region, config => new(config), (credentials, config) => new(credentials, config));

    public async Task<ClaimResult> TryClaimAsync(string sendKey, string claimant, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["order_id"] = new() { S = sendKey },
                    ["status"] = new() { S = "claimed" },
                    ["claimant"] = new() { S = claimant },
                    ["claimed_at"] = new() { N = now.ToUnixTimeMilliseconds().ToString() },
                },
                // New, or a stale claim of a crashed invocation; never a sent one.
                ConditionExpression = "attribute_not_exists(order_id) OR (#status = :claimed AND claimed_at < :stale)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":claimed"] = new() { S = "claimed" },
                    [":stale"] = new() { N = (now - claimTimeout).ToUnixTimeMilliseconds().ToString() },
                },
            }, cancellationToken);
            return ClaimResult.Claimed;
        }
        catch (ConditionalCheckFailedException)
        {
            var current = await dynamo.GetItemAsync(new GetItemRequest
            {
                TableName = table,
                Key = new Dictionary<string, AttributeValue> { ["order_id"] = new() { S = sendKey } },
                ConsistentRead = true,
            }, cancellationToken);
            return current.Item?.GetValueOrDefault("status")?.S == "sent" ? ClaimResult.AlreadySent : ClaimResult.HeldByAnother;
        }
    }

    public Task MarkSentAsync(string sendKey, string messageId, CancellationToken cancellationToken) =>
        dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { ["order_id"] = new() { S = sendKey } },
            UpdateExpression = "SET #status = :sent, sent_at = :now, message_id = :messageId",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":sent"] = new() { S = "sent" },
                [":now"] = new() { N = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString() },
                [":messageId"] = new() { S = messageId },
            },
        }, cancellationToken);

    /// <summary>Gives the claim back when sending failed, so the redelivery can try at once.</summary>
    public Task ReleaseClaimAsync(string sendKey, string claimant, CancellationToken cancellationToken) =>
        dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { ["order_id"] = new() { S = sendKey } },
            ConditionExpression = "#status = :claimed AND claimant = :claimant",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":claimed"] = new() { S = "claimed" }, [":claimant"] = new() { S = claimant },
            },
        }, cancellationToken);
}
