using Microsoft.AspNetCore.Builder;
using TicketBottle.Event;
using TicketBottle.Functions.Tickets;
using TicketBottle.Gateway;
using TicketBottle.Inventory;
using TicketBottle.Messaging;
using TicketBottle.Order;
using TicketBottle.Payment;
using TicketBottle.LocalInfrastructure;
using TicketBottle.User;
using TicketBottle.Waitroom;

namespace TicketBottle.LocalPlatform;

/// <summary>
/// All of TicketBottle in one process on 127.0.0.1: PostgreSQL, Redis, a Kafka protocol mock cluster, dynalite (DynamoDB)
/// and s3rver (S3); the six gRPC services and the Gateway; the four functions behind their local triggers.
/// Services start in dependency order and stop in reverse.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    public const string TicketsBucket = "ticketbottle-local-tickets";
    public const string EmailSendsTable = "ticketbottle-local-email-sends";
    private const string Region = "ap-southeast-1";

    private readonly List<IAsyncDisposable> _stopInReverse = [];
    private readonly List<(string Name, Uri Url)> _services = [];

    private Platform()
    {
    }

    public Uri GatewayUrl { get; private set; } = null!;
    public Uri FunctionsUrl { get; private set; } = null!;
    public FunctionHost Functions { get; private set; } = null!;
    public IReadOnlyList<(string Name, Uri Url)> Services => _services;
    public string PostgresAdminConnectionString { get; private set; } = "";
    public string RedisEndpoint { get; private set; } = "";
    public string KafkaBootstrapServers { get; private set; } = "";
    public Uri DynamoDbUrl { get; private set; } = null!;
    public Uri S3Url { get; private set; } = null!;

    public Uri ServiceUrl(string name) => _services.First(s => s.Name == name).Url;

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
        LocalServerOptions? Kept(string name, int port) =>
            settings.DataDirectory is null ? null : new LocalServerOptions(Path.Combine(settings.DataDirectory, name), port);

        var postgres = await PostgresServer.StartAsync(Kept("postgres", settings.PostgresPort));
        _stopInReverse.Add(postgres);
        var redis = await RedisServer.StartAsync(Kept("redis", settings.RedisPort));
        _stopInReverse.Add(Disposer(redis.Dispose));
        var kafka = KafkaMockCluster.Start();
        _stopInReverse.Add(Disposer(kafka.Dispose));
        kafka.CreateTopic(KafkaTopics.Payments);
        kafka.CreateTopic(KafkaTopics.Orders);
        var dynamo = await NodeToolServer.StartDynamoDbAsync(Kept("dynamodb", settings.DynamoDbPort));
        _stopInReverse.Add(Disposer(dynamo.Dispose));
        var s3 = await NodeToolServer.StartS3Async(Kept("s3", settings.S3Port));
        _stopInReverse.Add(Disposer(s3.Dispose));
        (PostgresAdminConnectionString, RedisEndpoint, KafkaBootstrapServers, DynamoDbUrl, S3Url) =
            (postgres.AdminConnectionString, redis.Endpoint, kafka.BootstrapServers, dynamo.ServiceUrl, s3.ServiceUrl);
        await CreateBucketAsync(s3.ServiceUrl);
        await EmailSendsTableAsync(dynamo.ServiceUrl);

        // Kept data keeps its database names; throwaway clusters get fresh ones.
        Task<string> Database(string name) => settings.DataDirectory is null ? postgres.CreateDatabaseAsync(name) : postgres.EnsureDatabaseAsync(name);
        var log = $"--Logging:Level={settings.LogLevel}";
        var kafkaArg = $"--Kafka:BootstrapServers={kafka.BootstrapServers}";
        int Port(int offset) => settings.BasePort == 0 ? 0 : settings.BasePort + offset;

        var payment = await StartAsync("payment", Port(0), PaymentServiceApp.Build(
        [
            $"--Postgres:ConnectionString={await Database("payments")}", kafkaArg, log,
            $"--Payment:IntentLifetime={settings.PaymentLifetime}",
        ]));
        var inventory = await StartAsync("inventory", Port(1), InventoryServiceApp.Build(
            [$"--Postgres:ConnectionString={await Database("inventory")}", log]));
        var waitroom = await StartAsync("waitroom", Port(2), WaitroomServiceApp.Build(
            [$"--Waitroom:Redis={redis.Endpoint}", $"--Waitroom:AdmissionTokenKey={settings.AdmissionTokenKey}", log]));
        var user = await StartAsync("user", Port(3), UserServiceApp.Build(
            [$"--Postgres:ConnectionString={await Database("users")}", $"--Jwt:SigningKey={settings.JwtSigningKey}", log,
            $"--Passwords:MemoryKib={settings.PasswordMemoryKib}", $"--Passwords:Iterations={settings.PasswordIterations}"]));
        var catalog = await StartAsync("event", Port(4), EventServiceApp.Build(
        [
            $"--Postgres:ConnectionString={await Database("events")}", $"--Downstream:InventoryUrl={inventory}",
            $"--Downstream:WaitroomUrl={waitroom}", log,
        ]));
        var order = await StartAsync("order", Port(5), OrderServiceApp.Build(
        [
            $"--DynamoDb:ServiceUrl={dynamo.ServiceUrl}", "--DynamoDb:EnsureTable=true", "--DynamoDb:OrdersTable=ticketbottle-local-orders",
            kafkaArg, $"--Downstream:WaitroomUrl={waitroom}", $"--Downstream:InventoryUrl={inventory}",
            $"--Downstream:PaymentUrl={payment}", $"--Downstream:EventUrl={catalog}", log,
            $"--Order:PaymentGrace={settings.PaymentGrace}", $"--Order:HoldLifetime={settings.HoldLifetime}",
        ]));

        Functions = await FunctionHost.StartAsync(new FunctionHostSettings
        {
            TemplatePath = Path.Combine(RepositoryPaths.Root, "template.yaml"),
            Kafka = new KafkaOptions { BootstrapServers = kafka.BootstrapServers, ClientId = "local-functions" },
            Jwt = ("ticketbottle", "ticketbottle-api", settings.JwtSigningKey),
            HttpPort = settings.FunctionsPort,
            ScheduleInterval = settings.CleanupInterval,
            RunSchedules = settings.CleanupInterval is not null,
            LocalEnvironment = new Dictionary<string, string>
            {
                ["STAGE"] = "local",
                ["LOG_LEVEL"] = settings.LogLevel,
                ["AWS_REGION"] = Region,
                ["PAYMENT_SERVICE_URL"] = payment.ToString(),
                ["INVENTORY_SERVICE_URL"] = inventory.ToString(),
                ["WAITROOM_SERVICE_URL"] = waitroom.ToString(),
                ["ORDER_SERVICE_URL"] = order.ToString(),
                ["ZALOPAY_APP_ID"] = settings.ZaloPayAppId,
                ["ZALOPAY_KEY2"] = settings.ZaloPayKey2,
                ["PAYOS_CHECKSUM_KEY"] = settings.PayOsChecksumKey,
                ["TICKET_TOKEN_KEY"] = settings.TicketTokenKey,
                ["TICKETS_BUCKET"] = TicketsBucket,
                ["S3_SERVICE_URL"] = s3.ServiceUrl.ToString(),
                ["EMAIL_SENDS_TABLE"] = EmailSendsTable,
                ["DYNAMODB_SERVICE_URL"] = dynamo.ServiceUrl.ToString(),
                ["SMTP_HOST"] = "127.0.0.1",
                ["SMTP_PORT"] = settings.SmtpPort.ToString(),
                ["SMTP_SECURITY"] = "None",
                ["SMTP_USERNAME"] = "",
                ["SMTP_PASSWORD"] = "",
                ["MAIL_FROM"] = "tickets@ticketbottle.local",
            },
        });
        _stopInReverse.Add(Functions);
        FunctionsUrl = Functions.HttpUrl;

        GatewayUrl = await StartAsync("gateway", settings.GatewayPort, GatewayApp.Build(
        [
            $"--Gateway:UserUrl={user}", $"--Gateway:EventUrl={catalog}", $"--Gateway:InventoryUrl={inventory}",
            $"--Gateway:WaitroomUrl={waitroom}", $"--Gateway:OrderUrl={order}", $"--Gateway:TicketsBaseUrl={FunctionsUrl}",
            $"--Jwt:SigningKey={settings.JwtSigningKey}", log,
            $"--RateLimits:TokensPerSecond={settings.RateLimitPerSecond}", $"--RateLimits:Burst={settings.RateLimitPerSecond * 2}",
            $"--RateLimits:AuthPerMinute={settings.AuthPerMinute}",
        ]));
    }

    private async Task<Uri> StartAsync(string name, int port, WebApplication app)
    {
        _stopInReverse.Add(Disposer(async () =>
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }));
        var url = await app.StartOnLoopbackAsync(port);
        _services.Add((name, url));
        return url;
    }

    private static async Task CreateBucketAsync(Uri s3Url)
    {
        using var s3 = TicketStore.CreateClient(new TicketStoreOptions { BucketName = TicketsBucket, ServiceUrl = s3Url.ToString(), Region = Region });
        if ((await s3.ListBucketsAsync()).Buckets?.Any(b => b.BucketName == TicketsBucket) != true)
        {
            await s3.PutBucketAsync(TicketsBucket);
        }
    }

    private static async Task EmailSendsTableAsync(Uri dynamoUrl)
    {
        using var dynamo = TicketBottle.Functions.EmailSender.SendLedger.CreateClient(dynamoUrl.ToString(), Region);
        try
        {
            await dynamo.CreateTableAsync(new Amazon.DynamoDBv2.Model.CreateTableRequest
            {
                TableName = EmailSendsTable,
                AttributeDefinitions = [new("order_id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
                KeySchema = [new("order_id", Amazon.DynamoDBv2.KeyType.HASH)],
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            });
        }
        catch (Amazon.DynamoDBv2.Model.ResourceInUseException)
        {
            // Kept from a previous run.
        }

        while ((await dynamo.DescribeTableAsync(EmailSendsTable)).Table.TableStatus != Amazon.DynamoDBv2.TableStatus.ACTIVE)
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

    private sealed class AsyncDisposer(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
