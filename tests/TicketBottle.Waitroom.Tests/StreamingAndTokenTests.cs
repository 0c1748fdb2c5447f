using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom.Tests;

public sealed class StreamingAndTokenTests(WaitroomServiceHost host) : IClassFixture<WaitroomServiceHost>
{
    private WaitroomService.WaitroomServiceClient Client => host.Client;

    [Fact]
    public async Task Watching_customer_sees_its_position_fall_to_zero_then_gets_a_valid_token()
    {
        var eventId = await host.OpenEventAsync();
        for (var i = 0; i < 3; i++)
        {
            await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"ahead-{i}" });
        }

        await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "watcher" });
        using var stream = Client.WatchPosition(new CustomerRef { EventId = eventId, CustomerId = "watcher" });
        var seen = new List<QueueStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        seen.Add(stream.ResponseStream.Current);
        for (var expected = 2; expected >= -1; expected--)
        {
            await Client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = 1 });
            // Heartbeats repeat the last position; read until this admission's change arrives.
            do
            {
                Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
                seen.Add(stream.ResponseStream.Current);
            }
            while (seen[^1].State == QueueState.Waiting && seen[^1].Position != expected);
        }

        Assert.False(await stream.ResponseStream.MoveNext(timeout.Token));
        var positions = seen.Where(s => s.State == QueueState.Waiting).Select(s => s.Position).Distinct().ToList();
        Assert.Equal([3L, 2, 1, 0], positions);
        var final = seen[^1];
        Assert.Equal(QueueState.Admitted, final.State);
        var validated = await Client.ValidateAdmissionAsync(new ValidateAdmissionRequest { AdmissionToken = final.AdmissionToken, EventId = eventId });
        Assert.Equal("watcher", validated.CustomerId);
    }

    [Fact]
    public async Task Someone_ahead_leaving_moves_the_stream_forward()
    {
        var eventId = await host.OpenEventAsync();
        await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "leaver" });
        await Client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = "stayer" });
        using var stream = Client.WatchPosition(new CustomerRef { EventId = eventId, CustomerId = "stayer" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(1, stream.ResponseStream.Current.Position);

        Assert.True((await Client.LeaveAsync(new CustomerRef { EventId = eventId, CustomerId = "leaver" })).Left);

        do
        {
            Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        }
        while (stream.ResponseStream.Current.Position != 0);
        Assert.Equal(1, stream.ResponseStream.Current.QueueLength);
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
        Assert.Equal(StatusCode.Unauthenticated, await Code($"{forgedPayload}.{token[(token.IndexOf('.') + 1)..]}", eventId));
        Assert.Equal(StatusCode.Unauthenticated, await Code($"{payload}.AAAA", eventId));
        Assert.Equal(StatusCode.PermissionDenied, await Code(token, otherEvent));
        host.Clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(StatusCode.Unauthenticated, await Code(token, eventId));
    }
}
