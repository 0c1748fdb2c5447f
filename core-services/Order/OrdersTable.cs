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
                    new("customer_id", ScalarAttributeType.S),
                    new("created_at", ScalarAttributeType.N),
                ],
                KeySchema = [new("order_id", KeyType.HASH)],
                GlobalSecondaryIndexes =
                [
                    Index(OrderItem.OpenIndex, "open_shard", "deadline"),
                    Index(OrderItem.OutboxIndex, "outbox_shard", "outbox_at"),
                    Index(OrderItem.ConfirmedIndex, "confirmed_event", "order_id"),
                    Index(OrderItem.CustomerIndex, "customer_id", "created_at"),
                ],
            }, cancellationToken);
            logger.LogInformation("Created DynamoDB table {Table}", table);
        }
        catch (ResourceInUseException)
        {
            // Exists already (another replica, or a previous run), perhaps from before the newer indexes.
            foreach (var (index, hash, hashType, range, rangeType) in AddedLater)
            {
                await WaitUntilActiveAsync(table, cancellationToken);
                await AddIndexIfMissingAsync(table, index, new(hash, hashType), new(range, rangeType), cancellationToken);
            }
        }

        await WaitUntilActiveAsync(table, cancellationToken);
    }

    /// <summary>Indexes a table created by an older version lacks; DynamoDB adds one per UpdateTable.</summary>
    private static readonly (string Index, string Hash, ScalarAttributeType HashType, string Range, ScalarAttributeType RangeType)[] AddedLater =
    [
        (OrderItem.ConfirmedIndex, "confirmed_event", ScalarAttributeType.S, "order_id", ScalarAttributeType.S),
        (OrderItem.CustomerIndex, "customer_id", ScalarAttributeType.S, "created_at", ScalarAttributeType.N),
    ];

    private async Task AddIndexIfMissingAsync(string table, string index, AttributeDefinition hash, AttributeDefinition range,
        CancellationToken cancellationToken)
    {
        var description = (await dynamo.DescribeTableAsync(table, cancellationToken)).Table;
        if (description.GlobalSecondaryIndexes?.Any(i => i.IndexName == index) == true)
        {
            return;
        }

        try
        {
            await dynamo.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = table,
                AttributeDefinitions = [hash, range],
                GlobalSecondaryIndexUpdates =
                [
                    new GlobalSecondaryIndexUpdate
                    {
                        Create = new CreateGlobalSecondaryIndexAction
                        {
                            IndexName = index,
                            KeySchema = [new(hash.AttributeName, KeyType.HASH), new(range.AttributeName, KeyType.RANGE)],
                            Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                            // dynalite, the one store this local-only path meets, wants a throughput for a new index.
                            ProvisionedThroughput = new ProvisionedThroughput { ReadCapacityUnits = 1, WriteCapacityUnits = 1 },
                        },
                    },
                ],
            }, cancellationToken);
            logger.LogInformation("Added index {Index} to DynamoDB table {Table}", index, table);
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
