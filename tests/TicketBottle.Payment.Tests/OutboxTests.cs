using TicketBottle.LocalInfrastructure;
using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Messaging;

namespace TicketBottle.Payment.Tests;

public sealed class KafkaPaymentServiceHost : PaymentServiceHost, IDisposable
{
    public KafkaMockCluster Kafka { get; } = StartKafka();

    protected override void Configure(ServiceConfiguration configuration) => configuration
        .Set<KafkaOptions>(o => o.BootstrapServers, Kafka.BootstrapServers)
        .Set<OutboxOptions>(o => o.PollInterval, TimeSpan.FromMilliseconds(50));

    protected override bool UsesFakeClock => false;

    public void Dispose() => Kafka.Dispose();

    private static KafkaMockCluster StartKafka()
    {
        var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic(KafkaTopics.Payments);
        return cluster;
    }
}

public sealed class OutboxTests(KafkaPaymentServiceHost host) : IClassFixture<KafkaPaymentServiceHost>
{
    [Fact]
    public async Task Confirmed_payment_reaches_kafka_through_the_outbox()
    {
        var intent = await host.CreateIntentAsync(amountVnd: 3_200_000);
        await host.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-kafka"));

        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(
            new KafkaOptions { BootstrapServers = host.Kafka.BootstrapServers }, $"test-{Guid.NewGuid():N}")).Build();
        consumer.Subscribe(KafkaTopics.Payments);
        IntegrationEvent? received = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received is null && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message.Key == intent.OrderId)
            {
                received = IntegrationEventSerializer.FromJson(result.Message.Value);
            }
        }

        Assert.NotNull(received);
        Assert.Equal("payment.succeeded", received.Type);
        Assert.Equal(3_200_000, received.PaymentSucceeded.AmountVnd);
        Assert.Equal("FT-kafka", received.PaymentSucceeded.ProviderTransactionId);
        await WaitUntilAsync(async () => await host.CountAsync(
            "SELECT count(*) FROM outbox WHERE message_key = @OrderId AND published_at IS NOT NULL", new { intent.OrderId }) == 1);
    }

    [Fact]
    public async Task Racing_dispatchers_publish_every_row_exactly_once()
    {
        // A separate database with the service's schema, drained only by the two dispatchers below.
        var racing = new PaymentServiceHost();
        await racing.InitializeAsync();
        try
        {
            var intents = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => racing.CreateIntentAsync()));
            await Task.WhenAll(intents.Select((intent, i) => racing.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, $"FT-race-{i}")).ResponseAsync));

            var publisher = new RecordingPublisher();
            await using var dataSource = NpgsqlDataSource.Create(racing.ConnectionString);
            var dispatchers = Enumerable.Range(0, 2)
                .Select(_ => new OutboxRelay(dataSource, publisher, new FakeTimeProvider(DateTimeOffset.UtcNow))).ToList();
            await Task.WhenAll(dispatchers.Select(async dispatcher =>
            {
                while (await dispatcher.RelayBatchAsync(4, CancellationToken.None) > 0)
                {
                }
            }));

            Assert.Equal(30, publisher.Published.Count);
            Assert.Equal(30, publisher.Published.Select(e => e.Id).Distinct().Count());
            Assert.Equal(0, await racing.CountAsync("SELECT count(*) FROM outbox WHERE published_at IS NULL", new { }));
        }
        finally
        {
            await racing.DisposeAsync();
        }
    }

    [Fact]
    public async Task Failed_publish_keeps_the_row_for_a_retry()
    {
        var isolated = new PaymentServiceHost();
        await isolated.InitializeAsync();
        try
        {
            var intent = await isolated.CreateIntentAsync();
            await isolated.Client.ConfirmPaymentAsync(PaymentServiceHost.Callback(intent, "FT-retry"));
            await using var dataSource = NpgsqlDataSource.Create(isolated.ConnectionString);
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

            await Assert.ThrowsAsync<OutboxRelayException>(() =>
                new OutboxRelay(dataSource, new RecordingPublisher { FailWith = new KafkaException(ErrorCode.Local_MsgTimedOut) }, clock)
                    .RelayBatchAsync(10, CancellationToken.None));
            var recovered = new RecordingPublisher();
            var published = await new OutboxRelay(dataSource, recovered, clock).RelayBatchAsync(10, CancellationToken.None);

            Assert.Equal(1, published);
            Assert.Equal(intent.OrderId, Assert.Single(recovered.Published).OrderId);
            Assert.Equal(1, await isolated.CountAsync("SELECT attempts FROM outbox WHERE message_key = @OrderId", new { intent.OrderId }));
        }
        finally
        {
            await isolated.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Stands in for the broker where the test is about the draining logic, not Kafka; slow enough to overlap.</summary>
    private sealed class RecordingPublisher : IIntegrationEventPublisher
    {
        public ConcurrentBag<IntegrationEvent> Published { get; } = [];
        public Exception? FailWith { get; init; }

        public async Task PublishAsync(string topic, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            if (FailWith is not null)
            {
                throw FailWith;
            }

            Published.Add(integrationEvent);
        }
    }
}
