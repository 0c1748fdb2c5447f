using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Messaging;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Order;

public static class OrderServiceApp
{
    /// <param name="args">Command-line configuration, e.g. --DynamoDb:ServiceUrl=… --Kafka:BootstrapServers=… --Downstream:InventoryUrl=…</param>
    /// <param name="configureServices">Test and local-stack hook to replace registrations (clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("order");
        builder.Services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.SectionName);
        builder.Services.AddOptions<DynamoDbOptions>().BindConfiguration(DynamoDbOptions.SectionName);
        builder.Services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName)
            .Validate(o => o.IsConfigured, "Kafka:BootstrapServers is required: the saga runs on payment events.")
            .ValidateOnStart();
        builder.Services.AddOptions<DownstreamOptions>().BindConfiguration(DownstreamOptions.SectionName)
            .Validate(o => new[] { o.WaitroomUrl, o.InventoryUrl, o.PaymentUrl, o.EventUrl }.All(u => Uri.IsWellFormedUriString(u, UriKind.Absolute)),
                "Downstream:WaitroomUrl, InventoryUrl, PaymentUrl and EventUrl are required.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IAmazonDynamoDB>(sp =>
        {
            var dynamo = sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value;
            return string.IsNullOrEmpty(dynamo.ServiceUrl)
                ? new AmazonDynamoDBClient(Amazon.RegionEndpoint.GetBySystemName(dynamo.Region))
                : new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"),
                    new AmazonDynamoDBConfig { ServiceURL = dynamo.ServiceUrl, AuthenticationRegion = dynamo.Region });
        });
        AddClient<WaitroomService.WaitroomServiceClient>(builder, o => o.WaitroomUrl);
        AddClient<InventoryService.InventoryServiceClient>(builder, o => o.InventoryUrl);
        AddClient<PaymentService.PaymentServiceClient>(builder, o => o.PaymentUrl);
        AddClient<EventService.EventServiceClient>(builder, o => o.EventUrl);

        builder.Services.AddSingleton<ITransientFailureClassifier, DynamoDbTransientFailures>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<OrderSaga>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddSingleton<IIntegrationEventPublisher, KafkaIntegrationEventPublisher>();
        // The table must exist before the consumer and relay touch it; hosted services start in this order.
        builder.Services.AddHostedService<OrdersTable>();
        builder.Services.AddHostedService<PaymentIntegrationEventsConsumer>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGrpcService<OrderGrpcService>();
        app.MapServiceDefaults();
        return app;
    }

    private static void AddClient<TClient>(WebApplicationBuilder builder, Func<DownstreamOptions, string> url) where TClient : class =>
        builder.Services.AddGrpcClient<TClient>((sp, o) => o.Address = new Uri(url(sp.GetRequiredService<IOptions<DownstreamOptions>>().Value)));
}
