using TicketBottle.Functions.Common;
using TicketBottle.ServiceIdentity;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using TicketBottle.Functions.EmailSender;
using TicketBottle.Functions.PdfGenerator;
using TicketBottle.Functions.Tickets;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Functions.TicketDelivery.Tests;

/// <summary>
/// Everything the ticket functions talk to, for real, on loopback: S3 (s3rver), DynamoDB (dynalite), an SMTP server,
/// and an Order service over gRPC.
/// </summary>
public sealed class DeliveryFixture : IAsyncLifetime
{
    public const string TicketTokenKey = "delivery-tests-ticket-key-0123456789abcdef";
    // The first gRPC call of a test (cold JIT, new connection) on a busy 2-core CI box can outlast production's 3 s.
    private static readonly TimeSpan SlowMachineDeadline = TimeSpan.FromSeconds(20);
    private NodeToolServer? _s3;
    private NodeToolServer? _dynamo;
    private LoopbackService? _orderHost;

    public InMemoryOrderService Orders { get; } = new();
    public CollectingSmtpServer Smtp { get; } = new();
    public TicketStoreOptions Store { get; private set; } = null!;
    public Uri OrderServiceAddress { get; private set; } = null!;
    public string DynamoUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _s3 = await NodeToolServer.StartS3Async();
        _dynamo = await NodeToolServer.StartDynamoDbAsync();
        DynamoUrl = _dynamo.ServiceUrl.ToString();
        Store = new TicketStoreOptions { BucketName = "ticketbottle-tickets", ServiceUrl = _s3.ServiceUrl.ToString() };
        using (var s3 = TicketStore.CreateClient(Store))
        {
            await s3.PutBucketAsync(Store.BucketName);
        }

        await CreateSendsTableAsync("email-sends");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(Orders);
        var app = builder.Build();
        app.MapGrpcService<InMemoryOrderService>();
        _orderHost = await LoopbackService.StartAsync(app);
        OrderServiceAddress = _orderHost.Address;
    }

    /// <summary>A send ledger table of its own (the sample event's fixed order id must not collide across tests).</summary>
    public async Task<string> CreateSendsTableAsync(string? name = null)
    {
        name ??= $"email-sends-{Guid.NewGuid():N}";
        using var dynamo = SendLedger.CreateClient(DynamoUrl, Store.Region);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("order_id", "S")],
            KeySchema = [new KeySchemaElement("order_id", "HASH")],
            BillingMode = "PAY_PER_REQUEST",
        });
        // Like DynamoDB, dynalite creates tables asynchronously.
        while ((await dynamo.DescribeTableAsync(name)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(50);
        }

        return name;
    }

    public const string StorefrontUrl = "https://tickets.ticketbottle.test";

    public EmailSenderOptions EmailOptions() => new()
    {
        OrderServiceUrl = OrderServiceAddress.ToString(),
        ServiceIdentityKey = LocalServiceIdentities.PrivateKeyPem(Callers.EmailSender),
        Store = Store,
        TicketTokenKey = TicketTokenKey,
        SendsTable = "email-sends",
        StorefrontUrl = StorefrontUrl,
        DynamoDbServiceUrl = DynamoUrl,
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = Smtp.Port, Security = SmtpSecurity.None, FromAddress = "tickets@ticketbottle.test" },
        OrderDeadline = SlowMachineDeadline,
    };

    public PdfGeneratorOptions PdfOptions() => new()
    {
        OrderServiceUrl = OrderServiceAddress.ToString(), ServiceIdentityKey = LocalServiceIdentities.PrivateKeyPem(Callers.PdfGenerator), Store = Store, TicketTokenKey = TicketTokenKey, OrderDeadline = SlowMachineDeadline,
    };

    public async Task DisposeAsync()
    {
        if (_orderHost is not null)
        {
            await _orderHost.DisposeAsync();
        }

        Smtp.Dispose();
        _s3?.Dispose();
        _dynamo?.Dispose();
    }
}
