using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

/// <summary>Reading a WatchQueue feed in tests.</summary>
public static class QueueFeed
{
    public static async Task<QueueFeedMessage> NextAsync(AsyncServerStreamingCall<QueueFeedMessage> feed, QueueFeedMessage.KindOneofCase kind,
        CancellationToken cancellationToken)
    {
        while (await feed.ResponseStream.MoveNext(cancellationToken))
        {
            if (feed.ResponseStream.Current.KindCase == kind)
            {
                return feed.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException($"The feed ended before a {kind} message.");
    }

    public static async Task<QueueSnapshot> NextSnapshotAsync(AsyncServerStreamingCall<QueueFeedMessage> feed, CancellationToken cancellationToken) =>
        (await NextAsync(feed, QueueFeedMessage.KindOneofCase.Snapshot, cancellationToken)).Snapshot;

    /// <summary>The snapshot in one comparable line: "runs 2x3 5x1; length 4; last 5" (run start x run length).</summary>
    public static string Describe(QueueSnapshot snapshot) =>
        $"runs {string.Join(' ', snapshot.RunStarts.Zip(snapshot.RunLengths, (start, length) => $"{start}x{length}"))}; " +
        $"length {snapshot.QueueLength}; last {snapshot.LastTicket}";
}
