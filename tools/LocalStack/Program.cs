using Google.Protobuf.WellKnownTypes;
using System.Runtime.InteropServices;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Event;
using TicketBottle.Inventory;
using TicketBottle.Messaging;
using TicketBottle.Payment;
using TicketBottle.Testing;
using TicketBottle.User;
using TicketBottle.Waitroom;

// Local TicketBottle: PostgreSQL, Redis and a Kafka protocol mock cluster on loopback, the core services on fixed
// ports, one demo event published. Data lives for the run only. Ctrl-C stops everything.
var basePort = args.Length > 0 ? int.Parse(args[0]) : 5001;
using var shutdown = new CancellationTokenSource();
// Ctrl-C (SIGINT) or a plain kill (SIGTERM): stop the services first, then the servers they use.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

Console.WriteLine("Starting PostgreSQL, Redis and Kafka on loopback…");
await using var postgres = await PostgresServer.StartAsync();
using var redis = await RedisServer.StartAsync();
using var kafka = KafkaMockCluster.Start();
kafka.CreateTopic(KafkaTopics.Payments);
kafka.CreateTopic(KafkaTopics.Orders);

var quiet = "--Logging:Level=Warning";
var inventoryUrl = $"http://127.0.0.1:{basePort + 1}";
var waitroomUrl = $"http://127.0.0.1:{basePort + 2}";
var services = new (string Name, int Port, WebApplication App)[]
{
    ("payment", basePort, PaymentServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("payments")}",
        $"--Kafka:BootstrapServers={kafka.BootstrapServers}", quiet])),
    ("inventory", basePort + 1, InventoryServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("inventory")}", quiet])),
    ("waitroom", basePort + 2, WaitroomServiceApp.Build([$"--Waitroom:Redis={redis.Endpoint}",
        "--Waitroom:AdmissionTokenKey=local-admission-token-key-0123456789abcdef", quiet])),
    ("user", basePort + 3, UserServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("users")}",
        "--Jwt:SigningKey=local-jwt-signing-key-0123456789abcdef0123", quiet])),
    ("event", basePort + 4, EventServiceApp.Build([$"--Postgres:ConnectionString={await postgres.CreateDatabaseAsync("events")}",
        $"--Downstream:InventoryUrl={inventoryUrl}", $"--Downstream:WaitroomUrl={waitroomUrl}", quiet])),
};
foreach (var (_, port, app) in services)
{
    app.Urls.Add($"http://127.0.0.1:{port}");
    await app.StartAsync(shutdown.Token);
}

var demo = await SeedDemoEventAsync($"http://127.0.0.1:{basePort + 4}");
Console.WriteLine();
foreach (var (name, port, _) in services)
{
    Console.WriteLine($"  {name,-10} gRPC  http://127.0.0.1:{port}");
}

Console.WriteLine($"  postgres   {postgres.AdminConnectionString}");
Console.WriteLine($"  redis      {redis.Endpoint}");
Console.WriteLine($"  kafka      {kafka.BootstrapServers}");
Console.WriteLine($"  demo event {demo} (published: seats in Inventory, waitroom open)");
Console.WriteLine("\nRunning. Ctrl-C stops everything.");

try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("Stopping…");
foreach (var (_, _, app) in services.Reverse())
{
    await app.StopAsync();
    await app.DisposeAsync();
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

static async Task<string> SeedDemoEventAsync(string eventServiceUrl)
{
    using var channel = GrpcChannel.ForAddress(eventServiceUrl);
    var events = new EventService.EventServiceClient(channel);
    var venue = await events.CreateVenueAsync(new CreateVenueRequest
    {
        Name = "Nhà hát Lớn Hà Nội", Address = "1 Tràng Tiền, Hoàn Kiếm, Hà Nội", TimeZone = "Asia/Ho_Chi_Minh",
    });
    var startsAt = DateTimeOffset.UtcNow.AddDays(14);
    var created = await events.CreateEventAsync(new CreateEventRequest
    {
        VenueId = venue.VenueId, Name = "Đêm nhạc Hà Nội Mùa Thu", Description = "Demo on-sale",
        StartsAt = Timestamp.FromDateTimeOffset(startsAt),
        SaleStartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        SaleEndsAt = Timestamp.FromDateTimeOffset(startsAt.AddHours(-2)),
        Sections =
        {
            new SectionLayout { SectionId = "VIP", Name = "VIP", PriceVnd = 3_000_000, Rows = { "A", "B" }, SeatsPerRow = 20 },
            new SectionLayout { SectionId = "A", Name = "Khu A", PriceVnd = 1_500_000, Rows = { "1", "2", "3", "4", "5" }, SeatsPerRow = 30 },
            new SectionLayout { SectionId = "GA", Name = "Đứng", PriceVnd = 600_000, GaCapacity = 1000 },
        },
        AdmitPerSecond = 50, MaxAdmitted = 500,
    });
    await events.PublishEventAsync(new EventRef { EventId = created.EventId });
    return created.EventId;
}
