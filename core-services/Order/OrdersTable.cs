using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace TicketBottle.Order;

/// <summary>Creates the orders table and its two sparse indexes when asked to (local stack, tests), and waits for ACTIVE.</summary>
public sealed class OrdersTable(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options, ILogger<OrdersTable> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.EnsureTable)
        {
            return;
        }

        var table = options.Value.OrdersTable;
        try
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions =
                [
                    new("order_id", ScalarAttributeType.S),
                    new("open_shard", ScalarAttributeType.S),
                    new("deadline", ScalarAttributeType.N),
                    new("outbox_shard", ScalarAttributeType.S),
                    new("outbox_at", ScalarAttributeType.N),
                ],
                KeySchema = [new("order_id", KeyType.HASH)],
                GlobalSecondaryIndexes =
                [
                    Index(OrderItem.OpenIndex, "open_shard", "deadline"),
                    Index(OrderItem.OutboxIndex, "outbox_shard", "outbox_at"),
                ],
            }, cancellationToken);
            logger.LogInformation("Created DynamoDB table {Table}", table);
        }
        catch (ResourceInUseException)
        {
            // Exists already (another replica, or a previous run).
        }

        while ((await dynamo.DescribeTableAsync(table, cancellationToken)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static GlobalSecondaryIndex Index(string name, string hash, string range) => new()
    {
        IndexName = name,
        KeySchema = [new(hash, KeyType.HASH), new(range, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
    };
}
