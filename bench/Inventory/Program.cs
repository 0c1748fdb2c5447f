using TicketBottle.ServiceDefaults;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Inventory;
using TicketBottle.LocalInfrastructure;

// HoldSeats under contention: N clients buy 1–8 seats at a time (half named seats chosen at random, half
// section+quantity) from one event, against the real service and a throwaway PostgreSQL on this machine.
// Phase 1 churns (most holds are released again) for a fixed time; phase 2 sells the event out and checks the count.
var settings = BenchSettings.Parse(args);
Console.WriteLine($"clients={settings.Clients} seats={settings.Seats} order=1..{settings.MaxOrder} churn={settings.Duration.TotalSeconds}s pool={settings.PoolSize}");

await using var postgres = await PostgresServer.StartAsync();
var database = await postgres.CreateDatabaseAsync("bench");
var app = InventoryServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
    .Set<PostgresOptions>(o => o.ConnectionString, database)
    .Set<PostgresOptions>(o => o.MaxPoolSize, settings.PoolSize)
    .Set(ServiceDefaultsExtensions.LogLevelSetting, "Warning")
    .ToArgs());
var address = await app.StartOnLoopbackAsync();
using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
});
var client = new InventoryService.InventoryServiceClient(channel.AsPermittedCaller());

const int sections = 4;
var eventId = $"bench-{Guid.NewGuid():N}";
var seatMap = new UpsertSeatMapRequest { EventId = eventId };
var seatList = new List<string>();
for (var s = 0; s < sections; s++)
{
    var section = new SectionMap { SectionId = $"S{s}", Name = $"Section {s}", PriceVnd = 800_000 };
    for (var i = 0; i < settings.Seats / sections; i++)
    {
        var seatId = $"S{s}-{i / 50 + 1}-{i % 50 + 1}";
        section.Seats.Add(new SeatMapSeat { SeatId = seatId, Row = (i / 50 + 1).ToString(), Number = i % 50 + 1 });
        seatList.Add(seatId);
    }

    seatMap.Sections.Add(section);
}

await client.UpsertSeatMapAsync(seatMap);
var seatIds = seatList.ToArray();

var churn = await RunPhaseAsync("churn (10% confirmed, 90% released)", settings.Duration, confirmRatio: 0.1);
await DatabaseCeilingAsync();
var sellOut = await RunPhaseAsync("sell-out (every hold confirmed)", TimeSpan.FromMinutes(5), confirmRatio: 1.0);
var availability = await client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId });
var sold = availability.Sections.Sum(s => s.Sold);
Console.WriteLine($"seats sold {sold} of {settings.Seats}; confirmed by clients {churn.SeatsConfirmed + sellOut.SeatsConfirmed}; " +
                  $"oversold: {(sold > settings.Seats || sold != churn.SeatsConfirmed + sellOut.SeatsConfirmed ? "YES" : "no")}");
await app.StopAsync();
return sold == churn.SeatsConfirmed + sellOut.SeatsConfirmed && sold <= settings.Seats ? 0 : 1;

async Task<PhaseResult> RunPhaseAsync(string name, TimeSpan duration, double confirmRatio)
{
    var histogram = new LongConcurrentHistogram(1, 60_000_000, 3);
    long holds = 0, conflicts = 0, seatsConfirmed = 0, errors = 0;
    var soldOut = 0;
    var stopwatch = Stopwatch.StartNew();
    using var stop = new CancellationTokenSource(duration);
    await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(clientNo => Task.Run(async () =>
    {
        var random = new Random(clientNo * 7919 + name.Length);
        var attempt = 0;
        while (!stop.IsCancellationRequested && Volatile.Read(ref soldOut) == 0)
        {
            var quantity = random.Next(1, settings.MaxOrder + 1);
            var request = new HoldSeatsRequest { EventId = eventId, OrderId = $"{name[0]}-{clientNo}-{attempt++}", TtlSeconds = 300 };
            if (random.Next(2) == 0)
            {
                request.SeatIds = new SeatIds { Ids = { random.GetItems(seatIds, quantity).Distinct() } };
            }
            else
            {
                request.SectionQuantity = new SectionQuantity { SectionId = $"S{random.Next(sections)}", Quantity = quantity };
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                var hold = await client.HoldSeatsAsync(request);
                histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                Interlocked.Increment(ref holds);
                if (random.NextDouble() < confirmRatio)
                {
                    await client.ConfirmHoldAsync(new HoldRef { HoldId = hold.HoldId });
                    Interlocked.Add(ref seatsConfirmed, hold.Seats.Count);
                }
                else
                {
                    await client.ReleaseHoldAsync(new HoldRef { HoldId = hold.HoldId });
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (Interlocked.Increment(ref conflicts) % 200 == 0 && await IsSoldOutAsync())
                {
                    Interlocked.Exchange(ref soldOut, 1);
                }
            }
            catch (RpcException ex)
            {
                Interlocked.Increment(ref errors);
                Console.Error.WriteLine($"error: {ex.StatusCode} {ex.Status.Detail}");
            }
        }
    })));
    var seconds = stopwatch.Elapsed.TotalSeconds;
    double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) / 1000.0;
    Console.WriteLine($"{name}: {holds + conflicts} HoldSeats in {seconds:F1}s = {(holds + conflicts) / seconds:F0}/s " +
                      $"(held {holds}, seats taken {conflicts}, errors {errors}); latency ms p50 {Ms(50):F1} p95 {Ms(95):F1} " +
                      $"p99 {Ms(99):F1} max {histogram.GetMaxValue() / 1000.0:F1}");
    return new PhaseResult(seatsConfirmed);
}

// The same row locks and commits straight from pgbench (no service, no gRPC, no pool), with as many clients, on the
// same database: how close the service comes to what this PostgreSQL can do on this machine.
async Task DatabaseCeilingAsync()
{
    var script = Path.Combine(AppContext.BaseDirectory, "hold-and-release.pgbench.sql");
    var output = await postgres.RunClientAsync("pgbench", database,
        ["-n", "-M", "prepared", "-c", settings.Clients.ToString(), "-j", "2", "-T", settings.Duration.TotalSeconds.ToString("F0"),
         "-D", $"event={eventId}", "-f", script], settings.Duration + TimeSpan.FromMinutes(1));
    string Line(string prefix) => output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Trim() ?? $"{prefix} ?";
    Console.WriteLine($"pgbench, the same locks and commits (hold + release per transaction), {settings.Clients} clients: " +
                      $"{Line("tps")}; {Line("latency average")}; {Line("latency stddev")}; {Line("number of failed")}");
}

async Task<bool> IsSoldOutAsync()
{
    var availability = await client.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId });
    return availability.Sections.All(s => s.Available < settings.MaxOrder);
}

internal sealed record PhaseResult(long SeatsConfirmed);

internal sealed record BenchSettings(int Clients, int Seats, int MaxOrder, TimeSpan Duration, int PoolSize)
{
    public static BenchSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, $"--{name}");
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new BenchSettings(int.Parse(Value("clients", "64")), int.Parse(Value("seats", "5000")),
            int.Parse(Value("max-order", "8")), TimeSpan.FromSeconds(double.Parse(Value("seconds", "20"))),
            int.Parse(Value("pool", "40")));
    }
}
