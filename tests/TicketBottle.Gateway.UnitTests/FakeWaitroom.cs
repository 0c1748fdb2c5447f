using System.Threading.Channels;
using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Testing;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>The Waitroom's queue feed as the Gateway sees it: each WatchQueue call is counted and fed by the test.</summary>
public sealed class FakeWaitroom : WaitroomService.WaitroomServiceClient
{
    private readonly Channel<QueueFeedMessage> _feed = Channel.CreateUnbounded<QueueFeedMessage>();
    private int _calls;
    private int _open;
    private int _joins;

    public int WatchQueueCalls => Volatile.Read(ref _calls);
    public int OpenFeeds => Volatile.Read(ref _open);

    public ValueTask SendAsync(QueueFeedMessage message) => _feed.Writer.WriteAsync(message);

    /// <summary>Joins answer once this completes (a busy Waitroom).</summary>
    public Task JoinsAnswer { get; set; } = Task.CompletedTask;

    public int JoinsStarted => Volatile.Read(ref _joins);

    public override AsyncUnaryCall<QueueStatus> JoinAsync(JoinRequest request, CallOptions options)
    {
        Interlocked.Increment(ref _joins);
        async Task<QueueStatus> AnswerAsync()
        {
            await JoinsAnswer;
            return new QueueStatus { EventId = request.EventId, CustomerId = request.CustomerId, State = QueueState.Waiting, Ticket = 1, QueueLength = 1 };
        }

        return FakeCalls.Unary(AnswerAsync());
    }

    public override AsyncServerStreamingCall<QueueFeedMessage> WatchQueue(WatchQueueRequest request, CallOptions options)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _open);
        var ended = 0;
        void End()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                Interlocked.Decrement(ref _open);
            }
        }

        options.CancellationToken.Register(End);
        return new AsyncServerStreamingCall<QueueFeedMessage>(new Reader(_feed.Reader), Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess, () => [], End);
    }

    private sealed class Reader(ChannelReader<QueueFeedMessage> messages) : IAsyncStreamReader<QueueFeedMessage>
    {
        public QueueFeedMessage Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await messages.WaitToReadAsync(cancellationToken))
            {
                return false;
            }

            Current = await messages.ReadAsync(cancellationToken);
            return true;
        }
    }
}
