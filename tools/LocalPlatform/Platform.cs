using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using TicketBottle.Contracts;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Event;
using TicketBottle.Functions.Tickets;
using TicketBottle.Gateway;
using TicketBottle.Inventory;
using TicketBottle.Messaging;
using TicketBottle.Order;
using TicketBottle.Payment;
using TicketBottle.ProviderSandbox;
using TicketBottle.ServiceIdentity;
using TicketBottle.LocalInfrastructure;
using TicketBottle.Telemetry;
using TicketBottle.User;
using TicketBottle.Waitroom;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// All of TicketBottle on 127.0.0.1: PostgreSQL, Redis, a Kafka protocol mock cluster, dynalite (DynamoDB) and s3rver
/// (S3); the six gRPC services and the Gateway, in this process or each as its own process; the four functions behind
/// their local triggers.
/// Services start in dependency order and stop in reverse.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _stopInReverse = [];
    private readonly Dictionary<string, Uri> _metricsUrls = [];
    private readonly Dictionary<string, Func<Task<ServiceProcess>>> _serviceStarts = [];
    private readonly Dictionary<string, ServiceProcess> _services = [];
    private readonly Dictionary<string, RestartableStore> _stores = [];
    private PostgresServer? _postgres;

    private Platform()
    {
    }

    public LocalTopology Topology { get; private set; } = null!;
    public Uri GatewayUrl => Topology.Urls.Gateway;
    /// <summary>Each service's process id when they run as processes of their own (the benchmarks read their CPU time).</summary>
    public IReadOnlyDictionary<string, int> ServiceProcessIds => _services.ToDictionary(s => s.Key, s => s.Value.ProcessId);
    /// <summary>Each service process's Prometheus endpoint (GET /metrics), when they run as processes of their own.</summary>
    public IReadOnlyDictionary<string, Uri> MetricsUrls => _metricsUrls;
    public Uri FunctionsUrl => Topology.Urls.Functions;
    public FunctionHost Functions { get; private set; } = null!;
    /// <summary>PayOS and ZaloPay: pay a checkout URL here (or open it in a browser).</summary>
    public PaymentProviderSandbox Providers { get; private set; } = null!;
    /// <summary>The Kafka mock cluster (brokers 1…3): chaos runs take brokers down and move partition leaders.</summary>
    public KafkaMockCluster Kafka { get; private set; } = null!;
    public string PostgresAdminConnectionString { get; private set; } = "";

    public Uri ServiceUrl(string name) => Topology.Urls.Services.First(s => s.Name == name).Url;

    public static async Task<Platform> StartAsync(PlatformSettings settings)
    {
        var platform = new Platform();
        try
        {
            await platform.StartAllAsync(settings);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(PlatformSettings settings)
    {
        if (settings.TraceDirectory is not null && !settings.ProcessPerService)
        {
            throw new ArgumentException("TraceDirectory needs ProcessPerService: services sharing a process would record each other's spans.", nameof(settings));
        }

        foreach (var directory in new[] { settings.TraceDirectory, settings.LogDirectory }.OfType<string>())
        {
            Directory.CreateDirectory(directory);
        }

        LocalServerOptions? Kept(string name, int port) =>
            settings.DataDirectory is null ? null : new LocalServerOptions(Path.Combine(settings.DataDirectory, name), port);

        var postgres = await PostgresServer.StartAsync(Kept("postgres", settings.PostgresPort));
        _postgres = postgres;
        _stopInReverse.Add(postgres);
        var redis = await RedisServer.StartAsync(Kept("redis", settings.RedisPort));
        Restartable("redis", redis, () => RedisServer.StartAsync(Kept("redis", int.Parse(redis.Endpoint.Split(':')[1]))));
        var kafka = KafkaMockCluster.Start();
        Kafka = kafka;
        _stopInReverse.Add(Disposer(kafka.Dispose));
        kafka.CreateTopic(KafkaTopics.Payments);
        kafka.CreateTopic(KafkaTopics.Orders);
        var dynamo = await NodeToolServer.StartDynamoDbAsync(Kept("dynamodb", settings.DynamoDbPort));
        Restartable("dynamodb", dynamo, () => NodeToolServer.StartDynamoDbAsync(Kept("dynamodb", dynamo.ServiceUrl.Port)));
        var s3 = await NodeToolServer.StartS3Async(Kept("s3", settings.S3Port));
        Restartable("s3", s3, () => NodeToolServer.StartS3Async(Kept("s3", s3.ServiceUrl.Port)));
        Providers = await PaymentProviderSandbox.StartAsync(settings.ProviderCredentials, port: settings.ProviderSandboxPort);
        _stopInReverse.Add(Providers);
        PostgresAdminConnectionString = postgres.AdminConnectionString;
        await CreateBucketAsync(s3.ServiceUrl);
        await EmailSendsTableAsync(dynamo.ServiceUrl);

        // Kept data keeps its database names; throwaway clusters get fresh ones.
        Task<string> Database(string name) => settings.DataDirectory is null ? postgres.CreateDatabaseAsync(name) : postgres.EnsureDatabaseAsync(name);
        Uri Url(int port, int offset) => new($"http://127.0.0.1:{(port == 0 ? FreePort.Next() : port + offset)}");
        Topology = new LocalTopology
        {
            Settings = settings,
            JwtSigningKey = LocalSigningKey.Load(settings.DataDirectory),
            Urls = new ServiceUrls(Url(settings.BasePort, 0), Url(settings.BasePort, 1), Url(settings.BasePort, 2), Url(settings.BasePort, 3),
                Url(settings.BasePort, 4), Url(settings.BasePort, 5), Url(settings.GatewayPort, 0), Url(settings.FunctionsPort, 0)),
            Databases = new LocalDatabases(await Database("payments"), await Database("inventory"), await Database("users"), await Database("events")),
            RedisEndpoint = redis.Endpoint,
            KafkaBootstrapServers = kafka.BootstrapServers,
            DynamoDbUrl = dynamo.ServiceUrl,
            S3Url = s3.ServiceUrl,
            ProviderSandboxUrl = Providers.BaseUrl,
        };
        Providers.PayOsWebhookUrl = Topology.WebhookUrl("payos");

        // Dependency order: each service starts after the ones it calls.
        var urls = Topology.Urls;
        await StartServiceAsync("Payment", urls.Payment, Topology.Payment(), args => PaymentServiceApp.Build(args));
        await StartServiceAsync("Inventory", urls.Inventory, Topology.Inventory(), args => InventoryServiceApp.Build(args));
        await StartServiceAsync("Waitroom", urls.Waitroom, Topology.Waitroom(), args => WaitroomServiceApp.Build(args));
        await StartServiceAsync("User", urls.User, Topology.User(), UserServiceApp.Build);
        await StartServiceAsync("Event", urls.Event, Topology.Event(), EventServiceApp.Build);
        await StartServiceAsync("Order", urls.Order, Topology.Order(), args => OrderServiceApp.Build(args));

        Functions = await FunctionHost.StartAsync(new FunctionHostSettings
        {
            TemplatePath = Path.Combine(RepositoryPaths.Root, "template.yaml"),
            Kafka = new KafkaOptions { BootstrapServers = kafka.BootstrapServers, ClientId = "local-functions" },
            Jwt = (Topology.JwtIssuer, LocalTopology.JwtAudience),
            HttpPort = urls.Functions.Port,
            ScheduleInterval = settings.CleanupInterval,
            RunSchedules = settings.CleanupInterval is not null,
            LocalEnvironment = Topology.FunctionEnvironment(),
        });
        _stopInReverse.Add(Functions);

        await StartServiceAsync("Gateway", urls.Gateway, Topology.Gateway(), GatewayApp.Build);
        await RegisterLocalAccountsAsync(settings);
    }

    /// <summary>The local admin, organizer and gate accounts exist from the start (kept data may have them already).</summary>
    private async Task RegisterLocalAccountsAsync(PlatformSettings settings)
    {
        using var channel = GrpcChannel.ForAddress(Topology.Urls.User);
        var users = new UserService.UserServiceClient(channel.As(Callers.Gateway));
        foreach (var (email, name, roles) in new[]
                 {
                     (settings.AdminEmail, "Local admin", Array.Empty<string>()),
                     (settings.OrganizerEmail, "Local organizer", [Roles.Organizer]),
                     (settings.StaffEmail, "Local gate staff", [Roles.Staff]),
                 })
        {
            try
            {
                await users.RegisterAsync(new RegisterRequest { Email = email, Password = settings.LocalPassword, FullName = name });
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
            }

            await users.SetRolesAsync(new SetRolesRequest { Email = email, Roles = { roles } });
        }
    }

    /// <summary>In this process, or as its own process configured through its environment as a pod is.</summary>
    private async Task StartServiceAsync(string project, Uri url, ServiceConfiguration configuration, Func<string[], WebApplication> build)
    {
        if (Topology.Settings.ProcessPerService)
        {
            // As in a pod: a Prometheus port of its own, and spans to the trace directory when one is set.
            var metricsPort = FreePort.Next();
            configuration.Set<TelemetryOptions>(o => o.MetricsPort, metricsPort);
            configuration.Set<TelemetryOptions>(o => o.MetricsHost, "127.0.0.1");
            if (Topology.Settings.TraceDirectory is { } traces)
            {
                configuration.Set<TelemetryOptions>(o => o.TraceDirectory!, traces);
            }

            var environment = configuration.ToEnvironment();
            var logFile = Topology.Settings.LogDirectory is { } logs ? Path.Combine(logs, $"{project}.log") : null;
            _serviceStarts[project] = () => ServiceProcess.StartAsync(project, url, environment, logFile: logFile);
            _metricsUrls[project] = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
            await StartServiceAgainAsync(project);
            // Whichever process runs it at the end is the one stopped.
            _stopInReverse.Add(Disposer(() => _services[project].DisposeAsync().AsTask()));
            return;
        }

        var app = build(configuration.ToArgs());
        _stopInReverse.Add(Disposer(async () =>
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }));
        await app.StartOnLoopbackAsync(url.Port);
    }

    /// <summary>Chaos: kill -9 of a service process (<see cref="PlatformSettings.ProcessPerService"/> only).</summary>
    public Task KillServiceAsync(string project) => _services[project].KillAsync();

    /// <summary>Starts a service process again with the same settings, address and metrics port, as a pod restarts.</summary>
    public async Task StartServiceAgainAsync(string project)
    {
        var process = await _serviceStarts[project]();
        _services[project] = process;
    }

    /// <summary>Chaos: stops "redis", "dynamodb" or "s3" as a crash would (SIGKILL); its data stays in the data directory.</summary>
    public void StopStore(string store)
    {
        _stores[store].Current?.Dispose();
        _stores[store].Current = null;
    }

    /// <summary>Starts a stopped store again on its port with its kept data (needs <see cref="PlatformSettings.DataDirectory"/>).</summary>
    public async Task StartStoreAsync(string store)
    {
        if (Topology.Settings.DataDirectory is null)
        {
            throw new InvalidOperationException("Restarting a store needs a data directory: throwaway stores would come back empty.");
        }

        _stores[store].Current = await _stores[store].Start();
    }

    /// <summary>Chaos: PostgreSQL crashes and recovers (every connection cut, no checkpoint).</summary>
    public Task RestartPostgresAsync() => _postgres!.RestartAsync();

    private void Restartable<T>(string name, T server, Func<Task<T>> start) where T : IDisposable
    {
        var store = new RestartableStore(async () => await start()) { Current = server };
        _stores[name] = store;
        _stopInReverse.Add(Disposer(() => store.Current?.Dispose()));
    }

    private static async Task CreateBucketAsync(Uri s3Url)
    {
        using var s3 = TicketStore.CreateClient(new TicketStoreOptions { BucketName = LocalTopology.TicketsBucket, ServiceUrl = s3Url.ToString(), Region = LocalTopology.Region });
        if ((await s3.ListBucketsAsync()).Buckets?.Any(b => b.BucketName == LocalTopology.TicketsBucket) != true)
        {
            await s3.PutBucketAsync(LocalTopology.TicketsBucket);
        }
    }

    private static async Task EmailSendsTableAsync(Uri dynamoUrl)
    {
        using var dynamo = TicketBottle.Functions.EmailSender.SendLedger.CreateClient(dynamoUrl.ToString(), LocalTopology.Region);
        try
        {
            await dynamo.CreateTableAsync(new Amazon.DynamoDBv2.Model.CreateTableRequest
            {
                TableName = LocalTopology.EmailSendsTable,
                AttributeDefinitions = [new("order_id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
                KeySchema = [new("order_id", Amazon.DynamoDBv2.KeyType.HASH)],
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            });
        }
        catch (Amazon.DynamoDBv2.Model.ResourceInUseException)
        {
            // Kept from a previous run.
        }

        while ((await dynamo.DescribeTableAsync(LocalTopology.EmailSendsTable)).Table.TableStatus != Amazon.DynamoDBv2.TableStatus.ACTIVE)
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _stopInReverse.Count - 1; i >= 0; i--)
        {
            await _stopInReverse[i].DisposeAsync();
        }

        _stopInReverse.Clear();
    }

    private static IAsyncDisposable Disposer(Action dispose) => Disposer(() =>
    {
        dispose();
        return Task.CompletedTask;
    });

    private static IAsyncDisposable Disposer(Func<Task> dispose) => new AsyncDisposer(dispose);

    private sealed record RestartableStore(Func<Task<IDisposable>> Start)
    {
        public IDisposable? Current { get; set; }
    }

    private sealed class AsyncDisposer(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
