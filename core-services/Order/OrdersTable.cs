using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace TicketBottle.Order;

/// <summary>Creates the orders table and its sparse indexes when asked to (local stack, tests), and waits for ACTIVE.</summary>
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
                    new("confirmed_event", ScalarAttributeType.S),
                ],
                KeySchema = [new("order_id", KeyType.HASH)],
                GlobalSecondaryIndexes =
                [
                    Index(OrderItem.OpenIndex, "open_shard", "deadline"),
                    Index(OrderItem.OutboxIndex, "outbox_shard", "outbox_at"),
                    Index(OrderItem.ConfirmedIndex, "confirmed_event", "order_id"),
                ],
            }, cancellationToken);
            logger.LogInformation("Created DynamoDB table {Table}", table);
        }
        catch (ResourceInUseException)
        {
            // Exists already (another replica, or a previous run), perhaps from before the check-in list's index.
            await WaitUntilActiveAsync(table, cancellationToken);
            await AddConfirmedIndexIfMissingAsync(table, cancellationToken);
        }

        await WaitUntilActiveAsync(table, cancellationToken);
    }

    private async Task AddConfirmedIndexIfMissingAsync(string table, CancellationToken cancellationToken)
    {
        var description = (await dynamo.DescribeTableAsync(table, cancellationToken)).Table;
        if (description.GlobalSecondaryIndexes?.Any(i => i.IndexName == OrderItem.ConfirmedIndex) == true)
        {
            return;
        }

        try
        {
            await dynamo.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = table,
                AttributeDefinitions = [new("order_id", ScalarAttributeType.S), new("confirmed_event", ScalarAttributeType.S)],
                GlobalSecondaryIndexUpdates =
                [
                    new GlobalSecondaryIndexUpdate
                    {
                        Create = new CreateGlobalSecondaryIndexAction
                        {
                            IndexName = OrderItem.ConfirmedIndex,
                            KeySchema = [new("confirmed_event", KeyType.HASH), new("order_id", KeyType.RANGE)],
                            Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                            // dynalite, the one store this local-only path meets, wants a throughput for a new index.
                            ProvisionedThroughput = new ProvisionedThroughput { ReadCapacityUnits = 1, WriteCapacityUnits = 1 },
                        },
                    },
                ],
            }, cancellationToken);
            logger.LogInformation("Added index {Index} to DynamoDB table {Table}", OrderItem.ConfirmedIndex, table);
        }
        catch (ResourceInUseException)
        {
            // Another replica is adding it.
        }
    }

    private async Task WaitUntilActiveAsync(string table, CancellationToken cancellationToken)
    {
        while ((await dynamo.DescribeTableAsync(table, cancellationToken)).Table is var description
               && (description.TableStatus != TableStatus.ACTIVE
                   || description.GlobalSecondaryIndexes?.Any(i => i.IndexStatus != IndexStatus.ACTIVE) == true))
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
