using TicketBottle.LocalInfrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.IntegrationEvents.V1;

namespace TicketBottle.Messaging.Tests;

public sealed class KafkaMockClusterTests
{
    [Fact]
    public async Task Published_integration_event_is_consumed_by_a_consumer_group_with_headers()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic(KafkaTopics.Payments);
        var options = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "test" };
        var sent = new IntegrationEvent
        {
            Id = Guid.NewGuid().ToString(),
            Type = "payment.succeeded",
            OrderId = "order-42",
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            PaymentSucceeded = new PaymentSucceeded { OrderId = "order-42", AmountVnd = 1_500_000, Provider = "payos", PaymentId = "p1", ProviderTransactionId = "FT123" },
        };

        using (var publisher = new KafkaIntegrationEventPublisher(Options.Create(options), NullLogger<KafkaIntegrationEventPublisher>.Instance))
        {
            await publisher.PublishAsync(KafkaTopics.Payments, sent, CancellationToken.None);
        }

        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(options, "test-group")).Build();
        consumer.Subscribe(KafkaTopics.Payments);
        var result = consumer.Consume(TimeSpan.FromSeconds(30));

        Assert.NotNull(result);
        Assert.Equal("order-42", result.Message.Key);
        Assert.Equal("payment.succeeded", System.Text.Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes("integration-event-type")));
        var received = IntegrationEventSerializer.FromJson(result.Message.Value);
        Assert.Equal(sent, received);
        consumer.Close();
    }

    [Fact]
    public void Serializer_ignores_fields_from_newer_producers()
    {
        var json = """{"id":"e1","type":"order.refunded","orderId":"o1","someFutureField":{"x":1}}""";

        var parsed = IntegrationEventSerializer.FromJson(json);

        Assert.Equal("order.refunded", parsed.Type);
        Assert.Equal(IntegrationEvent.PayloadOneofCase.None, parsed.PayloadCase);
    }
}
