using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Order;

/// <summary>
/// The orders table in DynamoDB: one item per order, transitions as conditional puts on state and version, the
/// outbox event as attributes of the same item; two sparse indexes (open orders by deadline, unpublished events),
/// each spread over a few shards, serve the sweep and the relay.
/// </summary>
public sealed class DynamoDbOrderStore(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options) : IOrderStore
{
    /// <summary>An allowance item keeps each counted order's tickets in an attribute of this prefix and the order id.</summary>
    private const string TicketsPrefix = "tickets#";

    private string Table => options.Value.OrdersTable;

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

    public Task<IReadOnlyList<string>> FindOverdueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        QueryShardsAsync(OrderItem.OpenIndex, "open_shard", "open", "deadline", now, limit, cancellationToken);

    public Task<IReadOnlyList<string>> FindUnpublishedAsync(DateTimeOffset olderThan, int limit, CancellationToken cancellationToken) =>
        QueryShardsAsync(OrderItem.OutboxIndex, "outbox_shard", "outbox", "outbox_at", olderThan, limit, cancellationToken);

    public async Task<IReadOnlyList<OrderDocument>> FindConfirmedAsync(string eventId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = Table,
                IndexName = OrderItem.ConfirmedIndex,
                KeyConditionExpression = "confirmed_event = :event",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":event"] = new() { S = eventId } },
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            ids.AddRange(page.Items.Select(i => i["order_id"].S));
            startKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);

        var items = await BatchReader.GetAsync(dynamo, Table, ids.Select(Key), cancellationToken);
        // The index is behind the table: keep only what the table still says is paid.
        return items.Select(OrderItem.FromItem).Where(o => o.State == OrderStatus.Confirmed).OrderBy(o => o.OrderId, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<OrderDocument>> ListByCustomerAsync(string customerId, int pageSize,
        (DateTimeOffset CreatedAt, string OrderId)? after, CancellationToken cancellationToken)
    {
        var page = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = Table,
            IndexName = OrderItem.CustomerIndex,
            KeyConditionExpression = "customer_id = :customer",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":customer"] = new() { S = customerId } },
            ScanIndexForward = false,
            Limit = pageSize,
            ExclusiveStartKey = after is { } last
                ? new Dictionary<string, AttributeValue>
                {
                    ["customer_id"] = new() { S = customerId },
                    ["created_at"] = new() { N = last.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                    ["order_id"] = new() { S = last.OrderId },
                }
                : null,
        }, cancellationToken);
        var items = await BatchReader.GetAsync(dynamo, Table, page.Items.Select(i => Key(i["order_id"].S)), cancellationToken);
        return items.Select(OrderItem.FromItem).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId, StringComparer.Ordinal).ToList();
    }

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

    public Task MarkPublishedAsync(string orderId, string integrationEventId, CancellationToken cancellationToken) =>
        // A failed condition: already removed by the relay or the fast path.
        TryUpdateAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = Key(orderId),
            UpdateExpression = "REMOVE outbox_event, outbox_event_id, outbox_shard, outbox_at",
            ConditionExpression = "outbox_event_id = :id",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":id"] = new() { S = integrationEventId } },
        }, cancellationToken);

    public async Task<PurchaseAllowance?> GetPurchaseAllowanceAsync(string eventId, string customerId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = PurchaseKey(eventId, customerId),
            ConsistentRead = true,
        }, cancellationToken);
        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }

        var tickets = item.Where(a => a.Key.StartsWith(TicketsPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key[TicketsPrefix.Length..], a => int.Parse(a.Value.N, CultureInfo.InvariantCulture));
        return new PurchaseAllowance(item.GetValueOrDefault("open_order_id")?.S, tickets);
    }

    public async Task<bool> TryReservePurchaseAsync(string eventId, string customerId, string orderId, int tickets, int limit,
        CancellationToken cancellationToken)
    {
        if (tickets > limit)
        {
            return false;
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = PurchaseKey(eventId, customerId),
                UpdateExpression = "SET open_order_id = :order, #order_tickets = :tickets ADD tickets :tickets",
                ConditionExpression = "attribute_not_exists(open_order_id) AND attribute_not_exists(#order_tickets) " +
                                      "AND (attribute_not_exists(tickets) OR tickets <= :room)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#order_tickets"] = TicketsPrefix + orderId },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":order"] = new() { S = orderId },
                    [":tickets"] = new() { N = tickets.ToString(CultureInfo.InvariantCulture) },
                    [":room"] = new() { N = (limit - tickets).ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return (await GetPurchaseAllowanceAsync(eventId, customerId, cancellationToken))?.TicketsByOrder.ContainsKey(orderId) == true;
        }
    }

    public async Task ClosePurchaseAsync(string eventId, string customerId, string orderId, bool keepTickets, CancellationToken cancellationToken)
    {
        var key = PurchaseKey(eventId, customerId);
        if (!keepTickets && (await GetPurchaseAllowanceAsync(eventId, customerId, cancellationToken))?.TicketsByOrder.GetValueOrDefault(orderId)
                is > 0 and var tickets)
        {
            await TryUpdateAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = key,
                UpdateExpression = "REMOVE #order_tickets ADD tickets :uncount",
                ConditionExpression = "#order_tickets = :tickets",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#order_tickets"] = TicketsPrefix + orderId },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":tickets"] = new() { N = tickets.ToString(CultureInfo.InvariantCulture) },
                    [":uncount"] = new() { N = (-tickets).ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
        }

        await TryUpdateAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = key,
            UpdateExpression = "REMOVE open_order_id",
            ConditionExpression = "open_order_id = :order",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":order"] = new() { S = orderId } },
        }, cancellationToken);
    }

    /// <summary>False when the condition did not hold: the change was made before (by a retry) or is not this caller's to make.</summary>
    private async Task<bool> TryUpdateAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
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

    // The customer's allowance for an event lives in the orders table under its own key; it carries no index attributes.
    private static Dictionary<string, AttributeValue> PurchaseKey(string eventId, string customerId) => Key($"purchase#{eventId}#{customerId}");
}
