using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using HdrHistogram;
using TicketBottle.Bench.Waitroom;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Gateway;
using TicketBottle.Gateway.Queue;
using TicketBottle.LocalInfrastructure;
using TicketBottle.ServiceDefaults;
using TicketBottle.ServiceIdentity;
using TicketBottle.Waitroom;

// dotnet run -c Release --project bench/Waitroom -- [customers 10000] [gateways 1]
// N customers join one event through the Gateway and hold its queue stream open (server-sent events, one HTTP/1.1
// connection each, the way a load balancer forwards them); then admission batches move the queue. Figures: joins per
// second, fan-out latency (AdmitNext returned → a customer's stream carries the admission or a move written at once;
// the moves held back until the stream's turn are counted on their own), and resident memory per open stream of the
// Gateway and of the Waitroom. Redis, the Waitroom and each Gateway run as
// their own processes; the access tokens come from a stand-in issuer this bench serves (the Gateway reads its JWKS the
// way it reads the User service's), so no sign-ups are needed.
var customers = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var gatewayCount = args.Length > 1 ? int.Parse(args[1]) : 1;
const int batches = 5;
const int batchSize = 100;

using var redis = await RedisServer.StartAsync();
await using var issuer = await StandInIssuer.StartAsync();
var waitroomUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
await using var waitroom = await ServiceProcess.StartAsync("Waitroom", waitroomUrl, new ServiceConfiguration().TrustLocalCallers()
    .Set<WaitroomOptions>(o => o.Redis, redis.Endpoint)
    .Set<WaitroomOptions>(o => o.AdmissionTokenKey, "bench-admission-key-0123456789abcdef0123")
    .Set<WaitroomOptions>(o => o.AdmissionLoopEnabled, false)
    .Set(ServiceDefaultsExtensions.LogLevelSetting, "Warning")
    .ToEnvironment());
var gateways = new List<ServiceProcess>();
for (var g = 0; g < gatewayCount; g++)
{
    gateways.Add(await ServiceProcess.StartAsync("Gateway", new Uri($"http://127.0.0.1:{FreePort.Next()}"), new ServiceConfiguration()
        .TrustLocalCallers().CallingAs(Callers.Gateway)
        .Set<ServiceAddresses>(o => o.WaitroomUrl, waitroomUrl)
        // Not called here; the Gateway needs every address to start.
        .Set<ServiceAddresses>(o => o.UserUrl, "http://127.0.0.1:9").Set<ServiceAddresses>(o => o.EventUrl, "http://127.0.0.1:9")
        .Set<ServiceAddresses>(o => o.InventoryUrl, "http://127.0.0.1:9").Set<ServiceAddresses>(o => o.OrderUrl, "http://127.0.0.1:9")
        .Set<GatewayOptions>(o => o.TicketsBaseUrl, "http://127.0.0.1:9")
        .Set<JwtValidationOptions>(o => o.Issuer, issuer.Url).Set<JwtValidationOptions>(o => o.KeysFrom, issuer.Url)
        .Set<JwtValidationOptions>(o => o.RequireHttpsMetadata, false)
        .Set<RateLimitOptions>(o => o.TokensPerSecond, 1_000_000).Set<RateLimitOptions>(o => o.Burst, 1_000_000)
        .Set(ServiceDefaultsExtensions.LogLevelSetting, "Warning")
        .ToEnvironment()));
}

using var channel = GrpcChannel.ForAddress(waitroomUrl);
var client = new WaitroomService.WaitroomServiceClient(channel.AsPermittedCaller());
var eventId = $"bench-{Guid.NewGuid():N}";
await OpenEventAsync(client, eventId);
var tokens = Enumerable.Range(0, customers).Select(i => issuer.AccessToken($"c{i}")).ToArray();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
{
    Timeout = Timeout.InfiniteTimeSpan,
};
Uri GatewayOf(int customer) => gateways[customer % gateways.Count].Url;
HttpRequestMessage Request(HttpMethod method, int customer, string path)
{
    var request = new HttpRequestMessage(method, new Uri(GatewayOf(customer), $"/api/v1/events/{eventId}/waitroom{path}"));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[customer]);
    return request;
}

var joinWatch = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < customers)
    {
        using var joined = await http.SendAsync(Request(HttpMethod.Post, i, ""));
        joined.EnsureSuccessStatusCode();
    }
}));
Console.WriteLine($"joins: {customers} in {joinWatch.Elapsed.TotalSeconds:F2}s = {customers / joinWatch.Elapsed.TotalSeconds:F0}/s " +
                  $"(64 concurrent callers through {gateways.Count} Gateway process(es))");

var memoryBefore = Resident(gateways, waitroom);
// When each update reached its stream, and whether the Gateway promises it at once (the admitted, and a move worth
// writing at once by PositionPacing) or writes it in the stream's turn of the quiet limit.
var updates = new ConcurrentQueue<(long At, bool AtOnce)>();
var failures = new ConcurrentDictionary<string, int>();
using var stop = new CancellationTokenSource();
var openWatch = Stopwatch.StartNew();
var readers = new ConcurrentBag<Task>();
// Opened 64 at a time, like the joins: each opener waits for its stream's first event, then opens the next.
next = -1;
await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < customers)
    {
        var first = new TaskCompletionSource();
        readers.Add(Task.Run(() => FollowAsync(i, first)));
        await first.Task;
    }
}));
Console.WriteLine($"streams: {customers - failures.Values.Sum()} of {customers} open in {openWatch.Elapsed.TotalSeconds:F2}s" +
                  string.Concat(failures.Select(f => $"; {f.Value} × {f.Key}")));
await Task.Delay(2000);
var memoryAfter = Resident(gateways, waitroom);
Console.WriteLine($"resident memory, {customers} streams: Gateway {memoryBefore.Gateway / 1024.0:F0} → {memoryAfter.Gateway / 1024.0:F0} MiB " +
                  $"= {(memoryAfter.Gateway - memoryBefore.Gateway) / (double)customers:F1} KiB per stream; Waitroom {memoryBefore.Waitroom / 1024.0:F0} → " +
                  $"{memoryAfter.Waitroom / 1024.0:F0} MiB = {(memoryAfter.Waitroom - memoryBefore.Waitroom) / (double)customers:F2} KiB per stream");

// Open streams with nothing moving: what merely holding them costs (heartbeats, presence reports, the feed's heartbeat).
var idle = TimeSpan.FromSeconds(20);
var idleStart = Cpu(gateways, waitroom);
await Task.Delay(idle);
var idleEnd = Cpu(gateways, waitroom);
var streamSeconds = customers * idle.TotalSeconds / 1000;
Console.WriteLine($"holding {customers} idle streams for {idle.TotalSeconds:F0} s: Gateway {(idleEnd.Gateway - idleStart.Gateway).TotalMilliseconds / streamSeconds:F1}, " +
                  $"Waitroom {(idleEnd.Waitroom - idleStart.Waitroom).TotalMilliseconds / streamSeconds:F1} CPU-ms per 1,000 stream-seconds");

var fanOut = new LongHistogram(60_000_000, 3);
var turns = new LongHistogram(60_000_000, 3);
var waiting = customers;
var fanOutStart = Cpu(gateways, waitroom);
for (var batch = 0; batch < batches; batch++)
{
    updates.Clear();
    var started = Stopwatch.GetTimestamp();
    await client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = batchSize });
    var returned = Stopwatch.GetTimestamp();
    // The admitted hear at once, and so does whoever the move is worth writing to at once (PositionPacing): everyone
    // near the front, further back a move of a twentieth of the place; the rest in their turn within the quiet limit.
    // The batch is over once every turn has passed, with a margin for the last writes.
    var streams = waiting;
    waiting -= batchSize;
    await Task.Delay(PositionPacing.QuietLimit + TimeSpan.FromSeconds(1.5));

    var told = updates.ToList();
    foreach (var (at, atOnce) in told)
    {
        (atOnce ? fanOut : turns).RecordValue((long)Math.Max(Stopwatch.GetElapsedTime(returned, at).TotalMicroseconds, 0));
    }

    double LastMs(bool atOnce) => told.Where(u => u.AtOnce == atOnce).Select(u => Stopwatch.GetElapsedTime(returned, u.At).TotalMilliseconds).DefaultIfEmpty(0).Max();
    Console.WriteLine($"batch {batch + 1}: AdmitNext {Stopwatch.GetElapsedTime(started, returned).TotalMilliseconds:F1} ms; of {streams} streams " +
                      $"{told.Count(u => u.AtOnce)} told at once, the last after {LastMs(true):F0} ms; {told.Count(u => !u.AtOnce)} in their turn, " +
                      $"the last after {LastMs(false) / 1000:F1} s");
}

var fanOutEnd = Cpu(gateways, waitroom);
var delivered = fanOut.TotalCount + turns.TotalCount;
Console.WriteLine($"fan-out CPU (5 batches, pauses included): Gateway {(fanOutEnd.Gateway - fanOutStart.Gateway).TotalMilliseconds * 1000 / delivered:F1} µs, " +
                  $"Waitroom {(fanOutEnd.Waitroom - fanOutStart.Waitroom).TotalMilliseconds * 1000 / delivered:F1} µs per update delivered; " +
                  $"Gateway {(fanOutEnd.Gateway - fanOutStart.Gateway).TotalMilliseconds / batches:F0} ms per batch");
Console.WriteLine($"fan-out latency over the {fanOut.TotalCount} updates written at once: p50 {fanOut.GetValueAtPercentile(50) / 1000.0:F1} ms, " +
                  $"p99 {fanOut.GetValueAtPercentile(99) / 1000.0:F1} ms, max {fanOut.GetMaxValue() / 1000.0:F1} ms");
Console.WriteLine($"moves held back, {turns.TotalCount} written in their turn: p50 {turns.GetValueAtPercentile(50) / 1e6:F1} s, " +
                  $"max {turns.GetMaxValue() / 1e6:F1} s after the batch (quiet limit {PositionPacing.QuietLimit.TotalSeconds:F0} s)");
stop.Cancel();
await Task.WhenAll(readers);

async Task FollowAsync(int customer, TaskCompletionSource opened)
{
    try
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, customer, "/stream"), HttpCompletionOption.ResponseHeadersRead, stop.Token);
        response.EnsureSuccessStatusCode();
        long? seen = null;
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(stop.Token)).EnumerateAsync(stop.Token))
        {
            var at = Stopwatch.GetTimestamp();
            long? position = item.EventType == "position" ? PositionIn(item.Data) : null;
            if (seen is { } written)
            {
                updates.Enqueue((at, position is not { } now || PositionPacing.IsWorthWritingAtOnce(written, now)));
            }

            seen = position;
            opened.TrySetResult();
        }
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
    }
    catch (HttpRequestException ex)
    {
        failures.AddOrUpdate(ex.Message, 1, (_, n) => n + 1);
    }
    finally
    {
        opened.TrySetResult();
    }
}
foreach (var gateway in gateways)
{
    await gateway.DisposeAsync();
}

// The position event's "position" field, read without a JSON parser: 10,000 clients parse on the same two cores the
// Gateway writes on, so the bench's own share of the fan-out is kept small.
static long PositionIn(string data)
{
    const string field = "\"position\":";
    var digits = data.AsSpan(data.IndexOf(field, StringComparison.Ordinal) + field.Length);
    return long.Parse(digits[..digits.IndexOfAnyExceptInRange('0', '9')]);
}

static (long Gateway, long Waitroom) Resident(List<ServiceProcess> gateways, ServiceProcess waitroom) =>
    (gateways.Sum(g => ProcessStats.ResidentKib(g.ProcessId)), ProcessStats.ResidentKib(waitroom.ProcessId));

static (TimeSpan Gateway, TimeSpan Waitroom) Cpu(List<ServiceProcess> gateways, ServiceProcess waitroom) =>
    (gateways.Aggregate(TimeSpan.Zero, (sum, g) => sum + ProcessStats.CpuTime(g.ProcessId)), ProcessStats.CpuTime(waitroom.ProcessId));

static async Task OpenEventAsync(WaitroomService.WaitroomServiceClient client, string eventId)
{
    var now = DateTimeOffset.UtcNow;
    await client.OpenWaitroomAsync(new OpenWaitroomRequest
    {
        EventId = eventId, SaleStartsAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)),
        SaleEndsAt = Timestamp.FromDateTimeOffset(now.AddHours(1)), AdmitPerSecond = 1000, MaxAdmitted = 1_000_000,
        AdmissionTtlSeconds = 600,
    });
}
