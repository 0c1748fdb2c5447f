using TicketBottle.Messaging;
using TicketBottle.Payment.Providers;
using TicketBottle.ServiceDefaults;

namespace TicketBottle.Payment;

public static class PaymentServiceApp
{
    /// <param name="args">Command-line configuration, e.g. --Postgres:ConnectionString=…</param>
    /// <param name="configureServices">Test and local-stack hook to replace registrations (clock, publisher).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("payment");
        builder.AddPostgres(typeof(PaymentServiceApp).Assembly);
        builder.Services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.SectionName);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName);
        builder.Services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaymentRepository>();
        builder.Services.AddSingleton<RefundRepository>();
        builder.Services.AddSingleton<CheckoutService>();
        builder.Services.AddSingleton<Reconciler>();
        builder.Services.AddSingleton<ProviderRegistry>();
        builder.AddPaymentProviders();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddSingleton<IIntegrationEventPublisher, KafkaIntegrationEventPublisher>();

        var kafka = builder.Configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? new KafkaOptions();
        var outbox = builder.Configuration.GetSection(OutboxOptions.SectionName).Get<OutboxOptions>() ?? new OutboxOptions();
        var publishOutbox = outbox.Enabled && kafka.IsConfigured;
        if (publishOutbox)
        {
            builder.Services.AddHostedService<OutboxRelayService>();
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (!publishOutbox)
        {
            app.Logger.LogWarning("Outbox publisher is off (Kafka:BootstrapServers empty or Outbox:Enabled false); events wait in the outbox table");
        }

        PaymentMetrics.ObserveOutbox(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), TimeProvider.System);
        app.MapGrpcService<PaymentGrpcService>();
        app.MapServiceDefaults();
        return app;
    }
}
