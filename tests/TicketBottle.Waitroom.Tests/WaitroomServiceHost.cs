using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Waitroom.Tests;

/// <summary>
/// The real Waitroom service on loopback against its own real redis-server (PurgeInactive sweeps every event, so
/// classes with differently moved clocks must not share one). The admission loop is off so tests drive AdmitNext
/// themselves; the clock is fake so expiry needs no sleeping. Each test uses its own event ids.
/// </summary>
public sealed class WaitroomServiceHost : IAsyncLifetime
{
    public const string TokenKey = "test-admission-token-key-0123456789abcdef";
    private readonly List<LoopbackService> _pods = [];
    private RedisServer? _redis;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public WaitroomService.WaitroomServiceClient Client { get; private set; } = null!;
    public string RedisEndpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        RedisEndpoint = _redis.Endpoint;
        Client = (await StartPodAsync()).Client;
    }

    /// <summary>Another Waitroom pod on the same Redis (restarts, several admission loops).</summary>
    /// <param name="configure">Settings on top of this host's (e.g. turning the admission loop on).</param>
    public async Task<Pod> StartPodAsync(Action<ServiceConfiguration>? configure = null)
    {
        var configuration = new ServiceConfiguration().TrustLocalCallers()
            .Set<WaitroomOptions>(o => o.Redis, RedisEndpoint)
            .Set<WaitroomOptions>(o => o.AdmissionTokenKey, TokenKey)
            .Set<WaitroomOptions>(o => o.AdmissionLoopEnabled, false)
            .Set<WaitroomOptions>(o => o.HeartbeatInterval, TimeSpan.FromSeconds(1))
            .Set<WaitroomOptions>(o => o.SnapshotInterval, TimeSpan.FromMilliseconds(50));
        configure?.Invoke(configuration);
        var app = WaitroomServiceApp.Build(configuration.ToArgs(),
            services => services.AddSingleton<TimeProvider>(Clock));
        var pod = await LoopbackService.StartAsync(app);
        _pods.Add(pod);
        return new Pod(new WaitroomService.WaitroomServiceClient(pod.Calls), () => app.StopAsync());
    }

    public async Task<string> OpenEventAsync(int maxAdmitted = 1000, int admitPerSecond = 100, TimeSpan? startsIn = null, int ttlSeconds = 600)
    {
        var eventId = $"evt-{Guid.NewGuid():N}";
        var now = Clock.GetUtcNow();
        await Client.OpenWaitroomAsync(new OpenWaitroomRequest
        {
            EventId = eventId,
            SaleStartsAt = Timestamp.FromDateTimeOffset(now + (startsIn ?? TimeSpan.Zero)),
            SaleEndsAt = Timestamp.FromDateTimeOffset(now + TimeSpan.FromHours(2)),
            AdmitPerSecond = admitPerSecond, MaxAdmitted = maxAdmitted, AdmissionTtlSeconds = ttlSeconds,
        });
        return eventId;
    }

    public async Task DisposeAsync()
    {
        foreach (var pod in _pods)
        {
            await pod.DisposeAsync();
        }

        _redis?.Dispose();
    }
}

public sealed record Pod(WaitroomService.WaitroomServiceClient Client, Func<Task> StopAsync);
