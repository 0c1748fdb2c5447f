namespace TicketBottle.Messaging;

/// <summary>
/// Handles a batch of consumed records: records with the same key (one order's events) one after another, in the
/// order they were read; records with different keys at the same time. A consumer that handles one record at a time
/// keeps up with one over a step's latency at most, which an on-sale's payments outrun.
/// </summary>
public static class KeyedBatches
{
    public static Task HandleAsync<T>(IEnumerable<T> records, Func<T, string?> keyOf, Func<T, Task> handle) =>
        Task.WhenAll(records.GroupBy(keyOf).Select(async sameKey =>
        {
            foreach (var record in sameKey)
            {
                await handle(record);
            }
        }));
}
