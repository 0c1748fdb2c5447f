using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace TicketBottle.Order;

/// <summary>BatchGetItem over any number of keys: 100 per request, strongly consistent, retrying what DynamoDB left unprocessed.</summary>
public static class BatchReader
{
    private const int MaxKeysPerBatch = 100;

    public static async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> GetAsync(IAmazonDynamoDB dynamo, string table,
        IEnumerable<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        foreach (var chunk in keys.Chunk(MaxKeysPerBatch))
        {
            var request = new Dictionary<string, KeysAndAttributes> { [table] = new() { Keys = [.. chunk], ConsistentRead = true } };
            for (var attempt = 0; request.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    // Unprocessed keys mean the table is throttling: back off before asking again.
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * Math.Min(attempt, 20)), cancellationToken);
                }

                var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken);
                items.AddRange(response.Responses.GetValueOrDefault(table) ?? []);
                request = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        return items;
    }
}
