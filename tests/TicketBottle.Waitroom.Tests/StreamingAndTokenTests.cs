using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

public sealed class StreamingAndTokenTests(WaitroomServiceHost host) : IClassFixture<WaitroomServiceHost>
{
    private WaitroomService.WaitroomServiceClient Client => host.Client;

    [Fact]
    public async Task The_feed_follows_the_queue_down_and_names_each_admitted_customer_whose_token_then_validates()
    {
        var eventId = await host.OpenEventAsync();
        for (var i = 0; i < 4; i++)
        {
            await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"c{i}" });
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var feed = Client.WatchQueue(new WatchQueueRequest { EventId = eventId });
        var first = await QueueFeed.NextSnapshotAsync(feed, timeout.Token);
        Assert.Equal("runs 1x4; length 4; last 4", QueueFeed.Describe(first));

        for (var admittedSoFar = 1; admittedSoFar <= 4; admittedSoFar++)
        {
            await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 1 });
            var admitted = await QueueFeed.NextAsync(feed, QueueFeedMessage.KindOneofCase.Admitted, timeout.Token);
            Assert.Equal([$"c{admittedSoFar - 1}"], admitted.Admitted.CustomerIds);
            QueueSnapshot snapshot;
            do
            {
                snapshot = await QueueFeed.NextSnapshotAsync(feed, timeout.Token);
            }
            while (snapshot.QueueLength != 4 - admittedSoFar);

            var remaining = 4 - admittedSoFar;
            Assert.Equal(remaining == 0 ? "runs ; length 0; last 4" : $"runs {admittedSoFar + 1}x{remaining}; length {remaining}; last 4",
                QueueFeed.Describe(snapshot));
        }

        var status = await Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "c3" });
        Assert.Equal(QueueState.Admitted, status.State);
        var validated = await Client.ValidateAdmissionAsync(new ValidateAdmissionRequest { AdmissionToken = status.AdmissionToken, EventId = eventId });
        Assert.Equal("c3", validated.CustomerId);
    }

    [Fact]
    public async Task Someone_in_the_middle_leaving_splits_the_run_so_everyone_behind_moves_up()
    {
        var eventId = await host.OpenEventAsync();
        foreach (var customer in new[] { "first", "leaver", "behind" })
        {
            await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = customer });
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var feed = Client.WatchQueue(new WatchQueueRequest { EventId = eventId });
        Assert.Equal(3, (await QueueFeed.NextSnapshotAsync(feed, timeout.Token)).QueueLength);

        Assert.True((await Client.LeaveAsync(new CustomerRef { EventId = eventId, CustomerId = "leaver" })).Left);

        QueueSnapshot snapshot;
        do
        {
            snapshot = await QueueFeed.NextSnapshotAsync(feed, timeout.Token);
        }
        while (snapshot.QueueLength != 2);

        Assert.Equal("runs 1x1 3x1; length 2; last 3", QueueFeed.Describe(snapshot));
    }

    [Fact]
    public async Task A_feed_for_an_event_without_a_waitroom_is_not_found()
    {
        using var feed = Client.WatchQueue(new WatchQueueRequest { EventId = "evt-none" });
        var error = await Assert.ThrowsAsync<RpcException>(() => feed.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Forged_tampered_foreign_and_expired_tokens_are_rejected()
    {
        var eventId = await host.OpenEventAsync(ttlSeconds: 120);
        var otherEvent = await host.OpenEventAsync();
        await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "holder" });
        await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 1 });
        var token = (await Client.GetPositionAsync(new CustomerRef { EventId = eventId, CustomerId = "holder" })).AdmissionToken;
        var payload = token[..token.IndexOf('.')];
        var forgedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{eventId}|mallory|99999999999999|x")).TrimEnd('=');

        async Task<StatusCode> Code(string candidate, string forEvent) => (await Assert.ThrowsAsync<RpcException>(() =>
            Client.ValidateAdmissionAsync(new ValidateAdmissionRequest { AdmissionToken = candidate, EventId = forEvent }).ResponseAsync)).StatusCode;

        Assert.Equal("holder", (await Client.ValidateAdmissionAsync(new ValidateAdmissionRequest { AdmissionToken = token, EventId = eventId })).CustomerId);
        Assert.Equal(StatusCode.Unauthenticated, await Code("not-a-token", eventId));
        // Not even base64url (a length no encoding has, a character outside the alphabet): refused, not a failure.
        Assert.Equal(StatusCode.Unauthenticated, await Code("x.y", eventId));
        Assert.Equal(StatusCode.Unauthenticated, await Code("ab*c.d!ef", eventId));
        Assert.Equal(StatusCode.Unauthenticated, await Code($"{forgedPayload}.{token[(token.IndexOf('.') + 1)..]}", eventId));
        Assert.Equal(StatusCode.Unauthenticated, await Code($"{payload}.AAAA", eventId));
        Assert.Equal(StatusCode.PermissionDenied, await Code(token, otherEvent));
        host.Clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(StatusCode.Unauthenticated, await Code(token, eventId));
    }
}
