using TicketBottle.Aws;
using Amazon.DynamoDBv2;
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
    /// <param name="args">Command-line configuration, e.g. --DynamoDb:ServiceUrl=… --Kafka:BootstrapServers=… --Services:InventoryUrl=…</param>
    /// <param name="configureServices">Test and local-stack hook to replace registrations (clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("order");
        builder.Services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.SectionName);
        builder.Services.AddOptions<DynamoDbOptions>().BindConfiguration(DynamoDbOptions.SectionName);
        builder.Services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.SectionName)
            .Validate(o => o.TokenKey.Length >= 32, "Tickets:TokenKey is required (at least 32 characters): gates verify ticket QR codes with it.")
            .ValidateOnStart();
        builder.Services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName)
            .Validate(o => o.IsConfigured, "Kafka:BootstrapServers is required: the saga runs on payment events.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IAmazonDynamoDB>(sp =>
        {
            var dynamo = sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value;
            return AwsClients.Create<AmazonDynamoDBClient, AmazonDynamoDBConfig>(dynamo.ServiceUrl, dynamo.Region,
                config => new(config), (credentials, config) => new(credentials, config));
        });
        builder.AddServiceClient<WaitroomService.WaitroomServiceClient>(o => o.WaitroomUrl);
        builder.AddServiceClient<InventoryService.InventoryServiceClient>(o => o.InventoryUrl);
        builder.AddServiceClient<PaymentService.PaymentServiceClient>(o => o.PaymentUrl);
        builder.AddServiceClient<EventService.EventServiceClient>(o => o.EventUrl);

        builder.Services.AddSingleton<ITransientFailureClassifier, DynamoDbTransientFailures>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IOrderStore, DynamoDbOrderStore>();
        builder.Services.AddSingleton<OrderSaga>();
        builder.Services.AddSingleton<ShortSections>();
        builder.Services.AddSingleton<CheckInStore>();
        builder.Services.AddSingleton<CheckInDesk>();
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
}
