using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using MimeKit;
using Serilog;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Functions.EmailSender;
using TicketBottle.Telemetry;
using TicketBottle.LocalPipe;
using TicketBottle.Testing;
using TicketBottle.Messaging;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Functions.TicketDelivery.Tests;

public sealed class EmailSenderTests(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static readonly ILogger Quiet = new LoggerConfiguration().CreateLogger();

    private Order NewConfirmedOrder(int tickets = 2)
    {
        var order = SampleOrders.Confirmed(tickets);
        order.Customer.Email = $"{order.OrderId}@example.com";
        fixture.Orders.Orders[order.OrderId] = order;
        return order;
    }

    private static string ConfirmedEventJson(Order order) => IntegrationEventSerializer.ToJson(new IntegrationEvent
    {
        Id = Guid.NewGuid().ToString(),
        Type = "order.confirmed",
        OrderId = order.OrderId,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        OrderConfirmed = new OrderConfirmed
        {
            OrderId = order.OrderId, CustomerId = order.Customer.CustomerId, CustomerEmail = order.Customer.Email,
            CustomerName = order.Customer.FullName, EventId = order.Event.EventId, TotalVnd = order.TotalVnd, TicketCount = order.Tickets.Count,
        },
    });

    private static SqsMessage PipeMessage(string id, string eventJson) => new()
    {
        MessageId = id,
        Body = JsonSerializer.Serialize(PipeKafkaRecord.From(KafkaTopics.Orders, 0, 1, DateTimeOffset.UtcNow, "k", eventJson, []),
            FunctionJsonContext.Default.PipeKafkaRecord),
    };

    private static async Task<SqsBatchResponse> InvokeAsync(EmailSenderFunction function, params SqsMessage[] messages)
    {
        var json = JsonSerializer.Serialize(new SqsEvent { Records = [.. messages] }, FunctionJsonContext.Default.SqsEvent);
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return (await JsonSerializer.DeserializeAsync(output, FunctionJsonContext.Default.SqsBatchResponse))!;
    }

    [Fact]
    public async Task A_connection_lost_at_QUIT_after_the_server_took_the_mail_counts_as_sent_and_a_redelivery_sends_nothing()
    {
        using var server = new HangUpAtQuitSmtpServer();
        var order = NewConfirmedOrder();
        var options = fixture.EmailOptions() with { Smtp = fixture.EmailOptions().Smtp with { Port = server.Port } };
        var function = new EmailSenderFunction(options, null, Quiet);

        var first = await InvokeAsync(function, PipeMessage("m-quit-1", ConfirmedEventJson(order)));
        var redelivered = await InvokeAsync(function, PipeMessage("m-quit-1", ConfirmedEventJson(order)));

        Assert.Empty(first.BatchItemFailures);
        Assert.Empty(redelivered.BatchItemFailures);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_send_that_never_reached_the_server_frees_the_order_so_the_redelivery_sends_it_at_once()
    {
        var order = NewConfirmedOrder();
        var closedPort = FreePort.Next();
        var unreachable = fixture.EmailOptions() with { Smtp = fixture.EmailOptions().Smtp with { Port = closedPort } };

        var failed = await InvokeAsync(new EmailSenderFunction(unreachable, null, Quiet), PipeMessage("m-down-1", ConfirmedEventJson(order)));
        var redelivered = await InvokeAsync(new EmailSenderFunction(fixture.EmailOptions(), null, Quiet), PipeMessage("m-down-1", ConfirmedEventJson(order)));

        Assert.Equal("m-down-1", Assert.Single(failed.BatchItemFailures).ItemIdentifier);
        // Not "held by another invocation" for the claim timeout (5 minutes): sent on the next delivery.
        Assert.Empty(redelivered.BatchItemFailures);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(order.Customer.Email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Redelivered_confirmation_sends_exactly_one_email_with_the_tickets_attached()
    {
        var order = NewConfirmedOrder(tickets: 3);
        var function = new EmailSenderFunction(fixture.EmailOptions(), null, Quiet);
        var message = PipeMessage("m-1", ConfirmedEventJson(order));

        var first = await InvokeAsync(function, message);
        var redelivery = await InvokeAsync(function, message);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => InvokeAsync(function, message)));

        Assert.Empty(first.BatchItemFailures);
        Assert.Empty(redelivery.BatchItemFailures);
        var mail = Assert.Single(fixture.Smtp.MessagesTo(order.Customer.Email));
        Assert.All(concurrent, r => Assert.Empty(r.BatchItemFailures));
        Assert.Contains(order.Event.Name, mail.Subject);
        Assert.Contains(order.OrderId, mail.TextBody!);
        // The download-again link is the order's page behind the customer's login, not a bearer URL to the PDF.
        Assert.Contains($"{DeliveryFixture.StorefrontUrl}/orders/{order.OrderId}", mail.HtmlBody);
        Assert.DoesNotContain("X-Amz-Signature", mail.HtmlBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(mail.Attachments));
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var pdf = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdf);
        var text = await PdfInspection.TextAsync(pdf.ToArray());
        Assert.Contains("Nguyễn Thị Hồng Nhung", text);
        Assert.Equal(3, (await PdfInspection.QrCodesAsync(pdf.ToArray())).Count);
    }

    [Fact]
    public async Task Sample_sqs_event_for_sam_local_invoke_sends_the_confirmation()
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "order-confirmed-sqs.json"));
        var order = SampleOrders.Confirmed(tickets: 2);
        order.OrderId = "ord-0193a4b2c1d07e5f";
        order.Customer.Email = $"sample-{Guid.NewGuid():N}@example.com";
        fixture.Orders.Orders[order.OrderId] = order;
        var function = new EmailSenderFunction(fixture.EmailOptions() with { SendsTable = await fixture.CreateSendsTableAsync() }, null, Quiet);

        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(sample)));
        var response = (await JsonSerializer.DeserializeAsync(output, FunctionJsonContext.Default.SqsBatchResponse))!;

        Assert.Empty(response.BatchItemFailures);
        Assert.Single(fixture.Smtp.MessagesTo(order.Customer.Email));
    }

    [Fact]
    public async Task A_pipe_record_hands_on_the_producers_trace_context_from_its_kafka_headers()
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "order-confirmed-sqs.json"));
        var body = JsonSerializer.Deserialize(sample, FunctionJsonContext.Default.SqsEvent)!.Records.Single().Body;

        var record = PipeMessages.Record(body)!;
        var parent = TraceHeaders.Extract(record.Header);

        Assert.Equal("order.confirmed", record.Header("integration-event-type"));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", parent.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", parent.SpanId.ToHexString());
        Assert.Null(PipeMessages.Record("""{"id":"e1","type":"order.confirmed"}"""));
    }

    [Fact]
    public async Task Simultaneous_first_deliveries_send_one_email_and_the_losers_retry_harmlessly()
    {
        var order = NewConfirmedOrder();
        var function = new EmailSenderFunction(fixture.EmailOptions(), null, Quiet);
        var message = PipeMessage("m-race", ConfirmedEventJson(order));

        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => InvokeAsync(function, message)));
        // SQS hands a failed item back after its visibility timeout; here, right away.
        var retried = await Task.WhenAll(racing.Where(r => r.BatchItemFailures.Count > 0).Select(_ => InvokeAsync(function, message)));

        Assert.Single(fixture.Smtp.MessagesTo(order.Customer.Email));
        Assert.All(retried, r => Assert.Empty(r.BatchItemFailures));
    }

    [Fact]
    public async Task A_poison_message_fails_alone_and_unknown_events_are_skipped()
    {
        var order = NewConfirmedOrder();
        var function = new EmailSenderFunction(fixture.EmailOptions(), null, Quiet);
        var unknownOrder = SampleOrders.Confirmed();
        unknownOrder.OrderId = $"missing-{Guid.NewGuid():N}";
        var otherEvent = IntegrationEventSerializer.ToJson(new IntegrationEvent
        {
            Id = "e-x", Type = "order.cancelled", OrderId = "o-x", OrderCancelled = new OrderCancelled { OrderId = "o-x", Reason = "payment_timeout" },
        });

        var response = await InvokeAsync(function,
            new SqsMessage { MessageId = "poison", Body = "{not json" },
            PipeMessage("good", ConfirmedEventJson(order)),
            PipeMessage("not-for-us", otherEvent),
            PipeMessage("no-such-order", ConfirmedEventJson(unknownOrder)));

        Assert.Equal(["poison", "no-such-order"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(order.Customer.Email, 1, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_event_produced_to_kafka_ends_in_an_email_through_the_local_pipe()
    {
        var order = NewConfirmedOrder();
        using var kafka = KafkaMockCluster.Start();
        kafka.CreateTopic(KafkaTopics.Orders);
        var kafkaOptions = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        var function = new EmailSenderFunction(fixture.EmailOptions(), null, Quiet);
        using var stop = new CancellationTokenSource();
        var bridge = new KafkaSqsBridge(new BridgeOptions { Kafka = kafkaOptions, Topic = KafkaTopics.Orders, GroupId = $"g-{Guid.NewGuid():N}" },
            function.HandleAsync, Quiet);
        var running = bridge.RunAsync(stop.Token);

        using (var publisher = new KafkaIntegrationEventPublisher(Microsoft.Extensions.Options.Options.Create(kafkaOptions),
                   Microsoft.Extensions.Logging.Abstractions.NullLogger<KafkaIntegrationEventPublisher>.Instance))
        {
            await publisher.PublishAsync(KafkaTopics.Orders, IntegrationEventSerializer.FromJson(ConfirmedEventJson(order)), CancellationToken.None);
        }

        var mails = await fixture.Smtp.WaitForMessagesToAsync(order.Customer.Email, 1, TimeSpan.FromSeconds(30));
        stop.Cancel();
        await running;

        var mail = Assert.Single(mails);
        Assert.Contains(order.OrderId, mail.TextBody!);
    }
}
