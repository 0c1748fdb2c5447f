using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Order;

/// <summary>
/// The orders table. Every write is conditional: creation on the id being new, each transition on the state and
/// version it was decided from, so two actors (payment consumer, sweep, a retried PlaceOrder) never both win.
/// An integration event caused by a transition is written into the same item (a per-item outbox) and removed once
/// Kafka acknowledged it, so a crash between the write and the publish loses nothing.
/// </summary>
public sealed class OrderStore(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options)
{
    private string Table => options.Value.OrdersTable;

    /// <summary>False when an order with this id already exists.</summary>
    public async Task<bool> TryCreateAsync(OrderDocument order, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = OrderItem.ToItem(order),
                ConditionExpression = "attribute_not_exists(order_id)",
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<OrderDocument?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = Key(orderId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? OrderItem.FromItem(item) : null;
    }

    /// <summary>
    /// Replaces <paramref name="from"/> with <paramref name="to"/> (whose version must be one higher) if nobody moved
    /// the order since it was read. False when someone did: re-read and decide again.
    /// </summary>
    public async Task<bool> TryTransitionAsync(OrderDocument from, OrderDocument to, IntegrationEvent? outboxEvent,
        CancellationToken cancellationToken)
    {
        if (to.Version != from.Version + 1)
        {
            throw new ArgumentException("A transition moves the version by exactly one.", nameof(to));
        }

        var item = OrderItem.ToItem(to);
        if (outboxEvent is not null)
        {
            item["outbox_event"] = new AttributeValue { S = IntegrationEventSerializer.ToJson(outboxEvent) };
            item["outbox_event_id"] = new AttributeValue { S = outboxEvent.Id };
            item["outbox_shard"] = new AttributeValue { S = OrderItem.Shard("outbox", to.OrderId) };
            item["outbox_at"] = new AttributeValue { N = to.UpdatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        }

        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = item,
                ConditionExpression = "#state = :state AND #version = :version",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#state"] = "state", ["#version"] = "version" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":state"] = new() { S = from.State.ToString() },
                    [":version"] = new() { N = from.Version.ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Open orders whose deadline passed, oldest first per shard (ids only; callers re-read consistently).</summary>
    public Task<IReadOnlyList<string>> FindOverdueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        QueryShardsAsync(OrderItem.OpenIndex, "open_shard", "open", "deadline", now, limit, cancellationToken);

    /// <summary>Orders with an event written before <paramref name="olderThan"/> and not yet acknowledged by Kafka.</summary>
    public Task<IReadOnlyList<string>> FindUnpublishedAsync(DateTimeOffset olderThan, int limit, CancellationToken cancellationToken) =>
        QueryShardsAsync(OrderItem.OutboxIndex, "outbox_shard", "outbox", "outbox_at", olderThan, limit, cancellationToken);

    public async Task<IntegrationEvent?> GetPendingEventAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = Key(orderId),
            ProjectionExpression = "outbox_event",
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item?.GetValueOrDefault("outbox_event")?.S is { } json ? IntegrationEventSerializer.FromJson(json) : null;
    }

    /// <summary>Drops the outbox entry after the broker's ack, only if it is still the same event.</summary>
    public async Task MarkPublishedAsync(string orderId, string eventId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = Key(orderId),
                UpdateExpression = "REMOVE outbox_event, outbox_event_id, outbox_shard, outbox_at",
                ConditionExpression = "outbox_event_id = :eventId",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":eventId"] = new() { S = eventId } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already removed by the relay or the fast path.
        }
    }

    private async Task<IReadOnlyList<string>> QueryShardsAsync(string index, string shardAttribute, string prefix, string rangeAttribute,
        DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var shard = 0; shard < OrderItem.IndexShards && ids.Count < limit; shard++)
        {
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var response = await dynamo.QueryAsync(new QueryRequest
                {
                    TableName = Table,
                    IndexName = index,
                    KeyConditionExpression = "#shard = :shard AND #range < :before",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#shard"] = shardAttribute, ["#range"] = rangeAttribute },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":shard"] = new() { S = $"{prefix}#{shard}" },
                        [":before"] = new() { N = before.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                    },
                    Limit = limit - ids.Count,
                    ExclusiveStartKey = startKey,
                }, cancellationToken);
                ids.AddRange(response.Items.Select(i => i["order_id"].S));
                startKey = response.LastEvaluatedKey is { Count: > 0 } ? response.LastEvaluatedKey : null;
            }
            while (startKey is not null && ids.Count < limit);
        }

        return ids;
    }

    private static Dictionary<string, AttributeValue> Key(string orderId) => new() { ["order_id"] = new() { S = orderId } };
}
