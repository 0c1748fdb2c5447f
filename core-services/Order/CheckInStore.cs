using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace TicketBottle.Order;

/// <summary>
/// Check-ins in the orders table, one item per ticket ("checkin#&lt;ticket id&gt;"), written only by a conditional put:
/// of two gates scanning the same ticket at the same moment exactly one write succeeds.
/// </summary>
public sealed class CheckInStore(IAmazonDynamoDB dynamo, IOptions<DynamoDbOptions> options)
{
    private string Table => options.Value.OrdersTable;

    /// <summary>
    /// Records <paramref name="scan"/> (its time to the millisecond) unless the ticket was checked in already; with <paramref name="earliestWins"/>
    /// (an offline scanner's upload) also over a later scan. Null when <paramref name="scan"/> is the record (an
    /// upload sent twice counts once); otherwise the scan that stands.
    /// </summary>
    public async Task<CheckInRecord?> TryRecordAsync(CheckInRecord scan, bool earliestWins, CancellationToken cancellationToken)
    {
        var scannedAt = new AttributeValue { N = scan.ScannedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["order_id"] = new() { S = KeyOf(scan.TicketId) },
                    ["event_id"] = new() { S = scan.EventId },
                    ["scanned_at"] = scannedAt,
                    ["gate"] = new() { S = scan.Gate },
                    ["staff_id"] = new() { S = scan.StaffId },
                },
                ConditionExpression = earliestWins ? "attribute_not_exists(order_id) OR scanned_at > :scanned_at" : "attribute_not_exists(order_id)",
                ExpressionAttributeValues = earliestWins ? new Dictionary<string, AttributeValue> { [":scanned_at"] = scannedAt } : null,
            }, cancellationToken);
            return null;
        }
        catch (ConditionalCheckFailedException)
        {
            var standing = (await GetManyAsync([scan.TicketId], cancellationToken)).GetValueOrDefault(scan.TicketId)
                           ?? throw new InvalidOperationException($"Check-in of {scan.TicketId} refused but not found.");
            var sameScan = earliestWins && standing.ScannedAt == scan.ScannedAt && standing.Gate == scan.Gate;
            return sameScan ? null : standing;
        }
    }

    public async Task<IReadOnlyDictionary<string, CheckInRecord>> GetManyAsync(IEnumerable<string> ticketIds, CancellationToken cancellationToken)
    {
        var keys = ticketIds.Distinct().Select(id => new Dictionary<string, AttributeValue> { ["order_id"] = new() { S = KeyOf(id) } });
        var items = await BatchReader.GetAsync(dynamo, Table, keys, cancellationToken);
        return items.Select(ToRecord).ToDictionary(r => r.TicketId);
    }

    private static string KeyOf(string ticketId) => $"checkin#{ticketId}";

    private static CheckInRecord ToRecord(Dictionary<string, AttributeValue> item) => new(
        item["order_id"].S["checkin#".Length..], item["event_id"].S,
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["scanned_at"].N, CultureInfo.InvariantCulture)),
        item["gate"].S, item["staff_id"].S);
}
