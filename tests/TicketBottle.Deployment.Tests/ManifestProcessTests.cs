using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.LocalInfrastructure;
using TicketBottle.LocalPlatform;
using TicketBottle.Messaging;

namespace TicketBottle.Deployment.Tests;

/// <summary>
/// The manifests are executable: every Deployment of the prod overlay starts its service's binary with exactly the
/// settings the manifest names (values pointed at the local stand-ins), becomes ready and answers a call that uses its
/// store. A setting the manifest names that no option binds (a renamed option), or a required one it lacks, fails here.
/// </summary>
public sealed class ManifestProcessTests : IAsyncLifetime
{
    /// <summary>Production's Kafka login (SASL over TLS); the local mock cluster speaks plaintext.</summary>
    private static readonly IReadOnlyCollection<string> ProductionOnly = new ServiceConfiguration()
        .Set<KafkaOptions>(o => o.SecurityProtocol, "").Set<KafkaOptions>(o => o.SaslMechanism!, "")
        .Set<KafkaOptions>(o => o.SaslUsername!, "").Set<KafkaOptions>(o => o.SaslPassword!, "")
        // The second signing-key slot is filled only during a rollover.
        .Set("Jwt:SigningKeys:1:KeyId", "").Set("Jwt:SigningKeys:1:PrivateKeyPem", "")
        // No proxy stands in front of the loopback Gateway.
        .Set("Gateway:TrustedProxyNetworks:0", "")
        // No collector runs here (the end-to-end tests export spans to files instead).
        .Set<TicketBottle.Telemetry.TelemetryOptions>(o => o.OtlpEndpoint!, "")
        .ToEnvironment().Keys.Append("ASPNETCORE_HTTP_PORTS").ToList();

    /// <summary>Endpoints of the stand-ins; in AWS the SDK finds the service itself and infra/ owns the table.</summary>
    private static readonly IReadOnlyCollection<string> StandInOnly = new ServiceConfiguration()
        .Set<Order.DynamoDbOptions>(o => o.ServiceUrl!, "").Set<Order.DynamoDbOptions>(o => o.EnsureTable, true)
        .ToEnvironment().Keys.ToList();

    private readonly List<IDisposable> _servers = [];
    private KustomizeOutput _prod = null!;
    private LocalTopology _topology = null!;

    public async Task InitializeAsync()
    {
        _prod = await KustomizeOutput.BuildAsync("prod");
        var postgres = await PostgresServer.Shared;
        var redis = await RedisServer.StartAsync();
        _servers.Add(redis);
        var kafka = KafkaMockCluster.Start();
        _servers.Add(kafka);
        kafka.CreateTopic(KafkaTopics.Payments);
        kafka.CreateTopic(KafkaTopics.Orders);
        var dynamo = await NodeToolServer.StartDynamoDbAsync();
        _servers.Add(dynamo);
        Uri Free() => new($"http://127.0.0.1:{FreePort.Next()}");
        _topology = new LocalTopology
        {
            Settings = new PlatformSettings { SmtpPort = 0 },
            JwtSigningKey = LocalSigningKey.Load(null),
            Urls = new ServiceUrls(Free(), Free(), Free(), Free(), Free(), Free(), Free(), Free()),
            Databases = new LocalDatabases(await postgres.CreateDatabaseAsync("m_payments"), await postgres.CreateDatabaseAsync("m_inventory"),
                await postgres.CreateDatabaseAsync("m_users"), await postgres.CreateDatabaseAsync("m_events")),
            RedisEndpoint = redis.Endpoint,
            KafkaBootstrapServers = kafka.BootstrapServers,
            DynamoDbUrl = dynamo.ServiceUrl,
            S3Url = new Uri("http://127.0.0.1:9"),
            ProviderSandboxUrl = new Uri("http://127.0.0.1:9"),
        };
    }

    [Fact]
    public async Task Every_deployment_starts_from_its_manifest_settings_becomes_ready_and_serves_a_call()
    {
        var urls = _topology.Urls;
        // Each after the services it calls, as a rollout would settle.
        (string Service, Uri Url, ServiceConfiguration Local, Func<CallInvoker, Task> Call)[] deployments =
        [
            ("payment", urls.Payment, _topology.Payment(), c => Expect(StatusCode.NotFound,
                new PaymentService.PaymentServiceClient(c).GetPaymentAsync(new GetPaymentRequest { OrderId = "no-such-order" }).ResponseAsync)),
            ("inventory", urls.Inventory, _topology.Inventory(), c => Expect(StatusCode.NotFound,
                new InventoryService.InventoryServiceClient(c).GetAvailabilityAsync(new GetAvailabilityRequest { EventId = "no-such-event" }).ResponseAsync)),
            ("waitroom", urls.Waitroom, _topology.Waitroom(), c => Expect(StatusCode.NotFound,
                new WaitroomService.WaitroomServiceClient(c).JoinAsync(new JoinRequest { EventId = "no-such-event", CustomerId = "c" }).ResponseAsync)),
            ("user", urls.User, _topology.User(), c => Expect(StatusCode.Unauthenticated,
                new UserService.UserServiceClient(c).LoginAsync(new LoginRequest { Email = "nobody@example.vn", Password = "not-a-password" }).ResponseAsync)),
            ("event", urls.Event, _topology.Event(), c =>
                new EventService.EventServiceClient(c).ListEventsAsync(new ListEventsRequest { PageSize = 10 }).ResponseAsync),
            ("order", urls.Order, _topology.Order(), c => Expect(StatusCode.NotFound,
                new OrderService.OrderServiceClient(c).GetOrderAsync(new GetOrderRequest { OrderId = "no-such-order" }).ResponseAsync)),
        ];

        var started = new List<ServiceProcess>();
        try
        {
            foreach (var (service, url, local, call) in deployments)
            {
                started.Add(await ServiceProcess.StartAsync(Capitalized(service), url, ManifestEnvironment(service, local)));
                using var channel = GrpcChannel.ForAddress(url);
                var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
                await call(channel.AsPermittedCaller());
            }

            started.Add(await ServiceProcess.StartAsync("Gateway", urls.Gateway, ManifestEnvironment("gateway", _topology.Gateway())));
            using var http = new HttpClient { BaseAddress = urls.Gateway };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/events")).StatusCode);
            // The issuer's key set, served by the Gateway from the User service, as API Gateway's authorizer reads it.
            Assert.Contains("\"ES256\"", await http.GetStringAsync("/.well-known/jwks.json"));
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(started))
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>The names the manifest gives the container, each with the local stand-in's value for it.</summary>
    private Dictionary<string, string> ManifestEnvironment(string service, ServiceConfiguration localConfiguration)
    {
        // The pod's own address and one metrics port per pod; here loopback and a free port per process.
        var local = localConfiguration
            .Set<TicketBottle.Telemetry.TelemetryOptions>(o => o.MetricsHost, "127.0.0.1")
            .Set<TicketBottle.Telemetry.TelemetryOptions>(o => o.MetricsPort, FreePort.Next())
            .Set<TicketBottle.Telemetry.TelemetryOptions>(o => o.SampleRatio, 0.1)
            .ToEnvironment();
        var environment = new Dictionary<string, string>();
        foreach (var name in _prod.Environment(service).Keys.Where(n => !ProductionOnly.Contains(n)))
        {
            Assert.True(local.TryGetValue(name, out var value),
                $"The {service} manifest sets {name}, which no option of the service binds (renamed or misspelled?).");
            environment[name] = value;
        }

        foreach (var name in StandInOnly.Where(local.ContainsKey))
        {
            environment[name] = local[name];
        }

        return environment;
    }

    private static async Task Expect(StatusCode expected, Task call) =>
        Assert.Equal(expected, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);

    private static string Capitalized(string service) => char.ToUpperInvariant(service[0]) + service[1..];

    public Task DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
        {
            server.Dispose();
        }

        return Task.CompletedTask;
    }
}
