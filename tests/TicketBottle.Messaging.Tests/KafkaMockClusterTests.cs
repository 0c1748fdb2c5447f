using System.Diagnostics;
using TicketBottle.LocalInfrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Telemetry;

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
    public async Task A_consumer_continues_the_trace_of_the_span_that_sent_the_record()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic(KafkaTopics.Orders);
        var options = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, ClientId = "test" };
        var recorded = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TicketBottleTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (recorded) { recorded.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var integrationEvent = new IntegrationEvent { Id = Guid.NewGuid().ToString(), Type = "order.confirmed", OrderId = "order-7" };

        using (var request = TicketBottleTelemetry.Source.StartActivity("request"))
        using (var publisher = new KafkaIntegrationEventPublisher(Options.Create(options), NullLogger<KafkaIntegrationEventPublisher>.Instance))
        {
            await publisher.PublishAsync(KafkaTopics.Orders, integrationEvent, CancellationToken.None);
        }

        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(options, "trace-group")).Build();
        consumer.Subscribe(KafkaTopics.Orders);
        var result = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();
        using (var processing = KafkaTracing.StartProcess(result.Topic, result.Message.Headers))
        {
            Assert.NotNull(processing);
        }

        Activity Span(string name) => recorded.Single(a => a.OperationName == name);
        var send = Span($"send {KafkaTopics.Orders}");
        var process = Span($"process {KafkaTopics.Orders}");
        Assert.Equal(Span("request").SpanId, send.ParentSpanId);
        Assert.Equal(send.TraceId, process.TraceId);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal((ActivityKind.Producer, ActivityKind.Consumer), (send.Kind, process.Kind));
        Assert.Equal(integrationEvent.Id, send.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public void A_record_without_trace_headers_starts_a_trace_of_its_own()
    {
        Assert.Equal(default, KafkaTracing.ParentOf(new Headers { { "traceparent", "garbage"u8.ToArray() } }));
        Assert.Equal(default, KafkaTracing.ParentOf(null));
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
