using TicketBottle.Waitroom;
using TicketBottle.ServiceDefaults;
using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.LocalInfrastructure;

// N customers join one event, all hold WatchPosition streams open, then admission batches move the queue; the
// figures are join throughput, fan-out latency (AdmitNext returned → a stream received its new position) and the
// Waitroom process's resident memory per open stream. Redis and the Waitroom run as their own processes.
var customers = args.Length > 0 ? int.Parse(args[0]) : 10_000;
const int batches = 5;
const int batchSize = 100;

using var redis = await RedisServer.StartAsync();
var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
// The service's own build output, as a separate process (its memory is its own), configured through its environment.
await using var service = await ServiceProcess.StartAsync("Waitroom", url, new ServiceConfiguration().TrustLocalCallers()
    .Set<WaitroomOptions>(o => o.Redis, redis.Endpoint)
    .Set<WaitroomOptions>(o => o.AdmissionTokenKey, "bench-admission-key-0123456789abcdef0123")
    .Set<WaitroomOptions>(o => o.AdmissionLoopEnabled, false)
    .Set(ServiceDefaultsExtensions.LogLevelSetting, "Warning")
    .Set("Kestrel:Limits:Http2:MaxStreamsPerConnection", 5000)
    .ToEnvironment());
using var channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, KeepAlivePingDelay = TimeSpan.FromSeconds(60) },
});
var client = new WaitroomService.WaitroomServiceClient(channel.AsPermittedCaller());
var eventId = $"bench-{Guid.NewGuid():N}";
await WaitUntilUpAsync(client, eventId);

var joinWatch = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < customers)
    {
        await client.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = $"c{i}" });
    }
}));
Console.WriteLine($"joins: {customers} in {joinWatch.Elapsed.TotalSeconds:F2}s = {customers / joinWatch.Elapsed.TotalSeconds:F0}/s (64 concurrent callers)");

var rssBefore = ResidentKib(service.ProcessId);
var moves = new ConcurrentQueue<(int Customer, long Position, long Ticks)>();
using var stop = new CancellationTokenSource();
var opened = 0;
var openWatch = Stopwatch.StartNew();
var readers = Enumerable.Range(0, customers).Select(i => Task.Run(async () =>
{
    using var stream = client.WatchPosition(new CustomerRef { EventId = eventId, CustomerId = $"c{i}" }, cancellationToken: stop.Token);
    try
    {
        long last = -1;
        while (await stream.ResponseStream.MoveNext(stop.Token))
        {
            var status = stream.ResponseStream.Current;
            if (last == -1)
            {
                Interlocked.Increment(ref opened);
            }
            else if (status.Position != last || status.State == QueueState.Admitted)
            {
                moves.Enqueue((i, status.Position, Stopwatch.GetTimestamp()));
            }

            last = status.Position;
        }
    }
    catch (RpcException) when (stop.IsCancellationRequested)
    {
    }
    catch (OperationCanceledException)
    {
    }
})).ToList();
while (Volatile.Read(ref opened) < customers)
{
    await Task.Delay(100);
}

Console.WriteLine($"streams: {customers} open in {openWatch.Elapsed.TotalSeconds:F2}s");
await Task.Delay(2000);
var rssAfter = ResidentKib(service.ProcessId);
Console.WriteLine($"waitroom RSS: {rssBefore / 1024.0:F0} MiB before streams, {rssAfter / 1024.0:F0} MiB with {customers} streams " +
                  $"= {(rssAfter - rssBefore) * 1024.0 / customers / 1024.0:F1} KiB per stream");

var fanOut = new LongHistogram(60_000_000, 3);
var slowest = new List<double>();
var waitingAfter = customers;
for (var batch = 0; batch < batches; batch++)
{
    moves.Clear();
    var started = Stopwatch.GetTimestamp();
    await client.AdmitNextAsync(new AdmitNextRequest { EventId = eventId, N = batchSize });
    var returned = Stopwatch.GetTimestamp();
    waitingAfter -= batchSize;
    // Every stream still in the queue moves forward, and every admitted one gets its token: all streams hear of it.
    var expected = waitingAfter + batchSize;
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (moves.Count < expected && DateTime.UtcNow < deadline)
    {
        await Task.Delay(10);
    }

    var latencies = moves.Select(m => Stopwatch.GetElapsedTime(returned, m.Ticks).TotalMicroseconds).ToList();
    foreach (var latency in latencies)
    {
        fanOut.RecordValue((long)Math.Max(latency, 0));
    }

    slowest.Add(latencies.DefaultIfEmpty(0).Max() / 1000);
    Console.WriteLine($"batch {batch + 1}: AdmitNext {Stopwatch.GetElapsedTime(started, returned).TotalMilliseconds:F1} ms, " +
                      $"{moves.Count}/{expected} streams updated, last after {slowest[^1]:F0} ms");
}

Console.WriteLine($"fan-out latency over {fanOut.TotalCount} updates: p50 {fanOut.GetValueAtPercentile(50) / 1000.0:F1} ms, " +
                  $"p99 {fanOut.GetValueAtPercentile(99) / 1000.0:F1} ms, max {fanOut.GetMaxValue() / 1000.0:F1} ms");
stop.Cancel();
await Task.WhenAll(readers);

static long ResidentKib(int pid) =>
    long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

static async Task WaitUntilUpAsync(WaitroomService.WaitroomServiceClient client, string eventId)
{
    var now = DateTimeOffset.UtcNow;
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            await client.OpenWaitroomAsync(new OpenWaitroomRequest
            {
                EventId = eventId, SaleStartsAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)),
                SaleEndsAt = Timestamp.FromDateTimeOffset(now.AddHours(1)), AdmitPerSecond = 1000, MaxAdmitted = 1_000_000,
                AdmissionTtlSeconds = 600,
            });
            return;
        }
        catch (RpcException) when (attempt < 100)
        {
            await Task.Delay(200);
        }
    }
}
