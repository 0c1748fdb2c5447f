using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace TicketBottle.Order;

/// <summary>Creates the orders table and its sparse indexes when asked to (local stack, tests), and waits for ACTIVE.</summary>
public sealed class OrdersTable(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options, ILogger<OrdersTable> logger) : IHostedService
{
    /// <summary>The table's sparse, keys-only indexes: created with a new table, added to one an older version made.</summary>
    private static readonly OrdersIndex[] Indexes =
    [
        new(OrderItem.OpenIndex, new("open_shard", ScalarAttributeType.S), new("deadline", ScalarAttributeType.N)),
        new(OrderItem.OutboxIndex, new("outbox_shard", ScalarAttributeType.S), new("outbox_at", ScalarAttributeType.N)),
        new(OrderItem.ConfirmedIndex, new("confirmed_event", ScalarAttributeType.S), new("order_id", ScalarAttributeType.S)),
        new(OrderItem.CustomerIndex, new("customer_id", ScalarAttributeType.S), new("created_at", ScalarAttributeType.N)),
    ];

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
                // The table's key and every index's, each once (the confirmed index sorts on the table's key).
                AttributeDefinitions = [.. Indexes.SelectMany(i => new[] { i.Hash, i.Range }).Prepend(new("order_id", ScalarAttributeType.S))
                    .DistinctBy(a => a.AttributeName)],
                KeySchema = [new("order_id", KeyType.HASH)],
                GlobalSecondaryIndexes = [.. Indexes.Select(i => new GlobalSecondaryIndex
                {
                    IndexName = i.Name,
                    KeySchema = KeySchema(i),
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                })],
            }, cancellationToken);
            logger.LogInformation("Created DynamoDB table {Table}", table);
        }
        catch (ResourceInUseException)
        {
            // Exists already (another replica, or a previous run), perhaps from before the newer indexes.
            foreach (var index in Indexes)
            {
                await WaitUntilActiveAsync(table, cancellationToken);
                await AddIndexIfMissingAsync(table, index, cancellationToken);
            }
        }

        await WaitUntilActiveAsync(table, cancellationToken);
    }

    /// <summary>An index a table made by an older version lacks; DynamoDB adds one per UpdateTable.</summary>
    private async Task AddIndexIfMissingAsync(string table, OrdersIndex index, CancellationToken cancellationToken)
    {
        var description = (await dynamo.DescribeTableAsync(table, cancellationToken)).Table;
        if (description.GlobalSecondaryIndexes?.Any(i => i.IndexName == index.Name) == true)
        {
            return;
        }

        try
        {
            await dynamo.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = table,
                AttributeDefinitions = [index.Hash, index.Range],
                GlobalSecondaryIndexUpdates =
                [
                    new GlobalSecondaryIndexUpdate
                    {
                        Create = new CreateGlobalSecondaryIndexAction
                        {
                            IndexName = index.Name,
                            KeySchema = KeySchema(index),
                            Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                            // dynalite, the one store this local-only path meets, wants a throughput for a new index.
                            ProvisionedThroughput = new ProvisionedThroughput { ReadCapacityUnits = 1, WriteCapacityUnits = 1 },
                        },
                    },
                ],
            }, cancellationToken);
            logger.LogInformation("Added index {Index} to DynamoDB table {Table}", index.Name, table);
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

    private static List<KeySchemaElement> KeySchema(OrdersIndex index) =>
        [new(index.Hash.AttributeName, KeyType.HASH), new(index.Range.AttributeName, KeyType.RANGE)];
}
