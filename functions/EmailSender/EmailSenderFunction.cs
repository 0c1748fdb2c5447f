using TicketBottle.Contracts.Tickets;
using System.Diagnostics;
using System.Text;
using TicketBottle.ServiceIdentity;
using Serilog;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Functions.Tickets;
using TicketBottle.Logging;
using TicketBottle.Telemetry;

namespace TicketBottle.Functions.EmailSender;

/// <summary>
/// SQS (filled by EventBridge Pipes from the Kafka order and payment topics) → for each order.confirmed: the order from
/// the Order service, tickets rendered and stored in S3, one confirmation e-mail through SES SMTP; for each
/// payment.refunded, one refund e-mail. Partial batch response: only messages that failed go back to the queue (and,
/// after maxReceiveCount, to the DLQ).
/// </summary>
public sealed class EmailSenderFunction
{
    private readonly EmailSenderOptions _options;
    private readonly OrderService.OrderServiceClient _orders;
    private readonly TicketPublisher _publisher;
    private readonly SendLedger _ledger;
    private readonly ConfirmationMailer _mailer;
    private readonly RefundMailer _refunds;
    private readonly ILogger _logger;
    private readonly EmbeddedMetrics _metrics = new("email-sender");

    public EmailSenderFunction()
        : this(EmailSenderOptions.FromEnvironment(), null, null)
    {
    }

    public EmailSenderFunction(EmailSenderOptions options, OrderService.OrderServiceClient? orders, ILogger? logger)
    {
        _options = options;
        _orders = orders ?? new OrderService.OrderServiceClient(new CoreServiceChannels(Callers.EmailSender, options.ServiceIdentityKey).For(options.OrderServiceUrl));
        _publisher = new TicketPublisher(new TicketPdfRenderer(new TicketTokens(Encoding.UTF8.GetBytes(options.TicketTokenKey))),
            new TicketStore(TicketStore.CreateClient(options.Store), options.Store));
        _ledger = new SendLedger(SendLedger.CreateClient(options.DynamoDbServiceUrl, options.Store.Region), options.SendsTable, options.ClaimTimeout);
        _mailer = new ConfirmationMailer(options.Smtp);
        _refunds = new RefundMailer(options.Smtp);
        _logger = logger ?? JsonLogging.CreateLogger("email-sender");
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var batch = await LambdaStreams.ReadAsync(input, FunctionJsonContext.Default.SqsEvent) ?? new SqsEvent();
        var response = new SqsBatchResponse();
        long sent = 0;
        foreach (var message in batch.Records)
        {
            // Each record continues the trace of the purchase whose event it carries (traceparent in its Kafka headers).
            var record = PipeMessages.Record(message.Body);
            using var activity = FunctionTelemetry.Start($"process {record?.Topic ?? "sqs"}", ActivityKind.Consumer,
                TraceHeaders.Extract(name => record?.Header(name)));
            activity?.SetTag("messaging.system", "aws_sqs");
            activity?.SetTag("messaging.message.id", message.MessageId);
            var log = _logger.ForContext("sqs_message_id", message.MessageId);
            try
            {
                if (await ProcessAsync(message, record, log))
                {
                    sent++;
                }
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                log.Error(ex, "Message {MessageId} failed; it returns to the queue", message.MessageId);
                response.BatchItemFailures.Add(new SqsBatchItemFailure { ItemIdentifier = message.MessageId });
            }
        }

        _metrics.Count(new Dictionary<string, long> { ["EmailsSent"] = sent, ["EmailsFailed"] = response.BatchItemFailures.Count });
        FunctionTelemetry.Flush();
        return LambdaStreams.Write(response, FunctionJsonContext.Default.SqsBatchResponse);
    }

    /// <summary>True when a mail was sent now (not earlier, not ignored).</summary>
    private async Task<bool> ProcessAsync(SqsMessage message, PipeKafkaRecord? record, ILogger log)
    {
        var integrationEvent = PipeMessages.Read(message.Body, record)
                               ?? throw new InvalidDataException("Body is neither a Kafka record nor an integration event.");
        log = log.ForContext("integration_event_id", integrationEvent.Id).ForContext("order_id", integrationEvent.OrderId);
        switch (integrationEvent.PayloadCase)
        {
            case IntegrationEvent.PayloadOneofCase.OrderConfirmed:
                var orderId = integrationEvent.OrderConfirmed.OrderId;
                var confirmationSent = await SendOnceAsync(orderId, orderId, message, async order =>
                {
                    if (order.State != OrderState.Confirmed)
                    {
                        throw new InvalidOperationException($"Order {orderId} is {order.State}, not confirmed.");
                    }

                    var pdf = await _publisher.PublishAsync(order, CancellationToken.None);
                    return await _mailer.SendAsync(order, pdf, OrderUrl(orderId), CancellationToken.None);
                }, log);
                log.Information("Sent confirmation for order {OrderId}", orderId);
                return confirmationSent;
            case IntegrationEvent.PayloadOneofCase.PaymentRefunded:
                var refund = integrationEvent.PaymentRefunded;
                // Keyed apart from the order's confirmation: an order can have both, each sent once.
                var refundSent = await SendOnceAsync($"refund:{refund.RefundId}", refund.OrderId, message,
                    order => _refunds.SendAsync(order, refund, OrderUrl(refund.OrderId), CancellationToken.None), log);
                log.Information("Sent refund {RefundId} notice for order {OrderId}", refund.RefundId, refund.OrderId);
                return refundSent;
            default:
                log.Information("Ignoring {IntegrationEventType}: this function mails order confirmations and refunds", integrationEvent.Type);
                return false;
        }
    }

    /// <summary>
    /// Sends the mail keyed <paramref name="sendKey"/> at most once (the send ledger's claim), built from the order;
    /// returns when it was sent now (true) or earlier (false).
    /// </summary>
    private async Task<bool> SendOnceAsync(string sendKey, string orderId, SqsMessage message, Func<Order, Task<string>> send, ILogger log)
    {
        var claimant = $"{message.MessageId}/{Guid.NewGuid():N}";
        switch (await _ledger.TryClaimAsync(sendKey, claimant, CancellationToken.None))
        {
            case ClaimResult.AlreadySent:
                log.Information("Mail {SendKey} was already sent; redelivery ignored", sendKey);
                return false;
            case ClaimResult.HeldByAnother:
                throw new InvalidOperationException($"Another invocation is sending mail {sendKey}; retry later.");
        }

        string messageId;
        try
        {
            var order = await _orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, deadline: DateTime.UtcNow + _options.OrderDeadline);
            messageId = await send(order);
        }
        catch
        {
            // Nothing was sent (whatever failed: the order service, S3, the SMTP connection or login): free the claim at
            // once, so the redelivery can send instead of waiting out the claim and burning the queue's receive count.
            await _ledger.ReleaseClaimAsync(sendKey, claimant, CancellationToken.None);
            throw;
        }

        // Sent: from here the claim is never released — a failure to record it keeps the mail claimed, so a
        // redelivery waits (and after the claim timeout may send a second mail) rather than sending one at once.
        await _ledger.MarkSentAsync(sendKey, messageId, CancellationToken.None);
        return true;
    }

    private string OrderUrl(string orderId) => $"{_options.StorefrontUrl.TrimEnd('/')}/orders/{Uri.EscapeDataString(orderId)}";
}
