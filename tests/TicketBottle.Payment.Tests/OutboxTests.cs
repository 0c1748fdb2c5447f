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

    [Fact]
    public async Task One_orders_events_go_out_in_turn_while_other_orders_go_out_alongside()
    {
        await WithOutboxAsync([("order-a", "a1"), ("order-b", "b1"), ("order-a", "a2"), ("order-a", "a3")], async (dataSource, host) =>
        {
            var otherOrderStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var publisher = new GatedPublisher(async integrationEvent =>
            {
                if (integrationEvent.Type == "b1")
                {
                    otherOrderStarted.SetResult();
                }

                // a1 is acknowledged only once b1 is on its way: one event at a time, this would time out.
                if (integrationEvent.Type == "a1")
                {
                    await otherOrderStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }
            });

            var published = await new OutboxRelay(dataSource, publisher, TimeProvider.System).RelayBatchAsync(10, CancellationToken.None);

            Assert.Equal(4, published);
            Assert.Equal(["a1", "a2", "a3"], publisher.Finished.Where(type => type.StartsWith('a')));
            Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM outbox WHERE published_at IS NULL", new { }));
        });
    }

    [Fact]
    public async Task A_failed_event_holds_back_its_orders_later_events_but_not_other_orders()
    {
        await WithOutboxAsync([("order-a", "a1"), ("order-a", "a2"), ("order-b", "b1")], async (dataSource, host) =>
        {
            var publisher = new GatedPublisher(integrationEvent => integrationEvent.Type == "a1"
                ? throw new KafkaException(ErrorCode.Local_MsgTimedOut)
                : Task.CompletedTask);

            await Assert.ThrowsAsync<OutboxRelayException>(() =>
                new OutboxRelay(dataSource, publisher, TimeProvider.System).RelayBatchAsync(10, CancellationToken.None));

            Assert.Equal(["b1"], publisher.Finished);
            Assert.Equal(2, await host.CountAsync("SELECT count(*) FROM outbox WHERE message_key = 'order-a' AND published_at IS NULL", new { }));
            Assert.Equal(1, await host.CountAsync("SELECT sum(attempts) FROM outbox", new { }));
        });
    }

    /// <summary>A database of its own whose outbox holds exactly these events (the type names them), in this order.</summary>
    private static async Task WithOutboxAsync((string OrderId, string Name)[] events, Func<NpgsqlDataSource, PaymentServiceHost, Task> test)
    {
        var isolated = new PaymentServiceHost();
        await isolated.InitializeAsync();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(isolated.ConnectionString);
            foreach (var (orderId, name) in events)
            {
                var integrationEvent = new IntegrationEvent { Id = Guid.CreateVersion7().ToString(), Type = name, OrderId = orderId };
                await using var insert = dataSource.CreateCommand(
                    "INSERT INTO outbox (integration_event_id, topic, message_key, integration_event_type, payload, created_at) " +
                    "VALUES ($1, $2, $3, $4, $5, now())");
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(integrationEvent.Id) });
                insert.Parameters.Add(new NpgsqlParameter { Value = KafkaTopics.Payments });
                insert.Parameters.Add(new NpgsqlParameter { Value = orderId });
                insert.Parameters.Add(new NpgsqlParameter { Value = name });
                insert.Parameters.Add(new NpgsqlParameter { Value = IntegrationEventSerializer.ToJson(integrationEvent) });
                await insert.ExecuteNonQueryAsync();
            }

            await test(dataSource, isolated);
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

    /// <summary>Records the events it acknowledged, in the order it did; <c>send</c> decides how each one goes.</summary>
    private sealed class GatedPublisher(Func<IntegrationEvent, Task> send) : IIntegrationEventPublisher
    {
        public List<string> Finished { get; } = [];

        public async Task PublishAsync(string topic, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
        {
            await Task.Yield();
            await send(integrationEvent);
            lock (Finished)
            {
                Finished.Add(integrationEvent.Type);
            }
        }
    }
}
