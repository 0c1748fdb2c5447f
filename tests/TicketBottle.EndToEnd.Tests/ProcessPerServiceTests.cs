using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TicketBottle.LocalInfrastructure;
using TicketBottle.Messaging;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>
/// The services as separate processes configured only through their environment, as pods are, and observed as in
/// production (traces, Prometheus endpoints, Information logs). In the platform collection so it never starts its seven
/// cold processes while other tests sign up dozens of customers on the same two cores (its first calls then outlasted
/// the 5 s deadline in CI).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ProcessPerServiceTests(ProcessPerServicePlatformFixture fixture) : IClassFixture<ProcessPerServicePlatformFixture>
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public Task The_purchase_journey_works_with_a_process_per_service() =>
        PurchaseJourney.BuyTwoSeatsPayTwiceAndGetOneEmailAsync(fixture);

    [Fact]
    public async Task One_purchase_is_one_trace_from_the_order_through_kafka_to_the_email()
    {
        var purchase = await PurchaseAsync();

        // The payment.succeeded send carries the order id; its trace is the purchase's. Each process exports in its
        // own batches, so wait until the last hops (the e-mail sender and its order read) are in.
        var spans = await WaitForSpansAsync(all => all.Any(s => s.Name == $"process {KafkaTopics.Orders}" && s.Service == "functions"
                                                               && InTraceOf(all, s, purchase.OrderId))
                                                   && all.Any(s => s.Service == "order" && s.Kind == "Server" && s.Name.EndsWith("/GetOrder", StringComparison.Ordinal)
                                                                   && InTraceOf(all, s, purchase.OrderId))
                                                   && all.Any(s => s.Service == "payment" && s.LinkedTraceIds.Count > 0));
        var trace = spans.First(s => s.Name == $"send {KafkaTopics.Payments}" && s.Attributes.GetValueOrDefault("ticketbottle.order_id") == purchase.OrderId).TraceId;
        var purchaseSpans = spans.Where(s => s.TraceId == trace).ToList();

        var root = Assert.Single(purchaseSpans, s => s.ParentSpanId is null);
        Assert.Equal(("gateway", "Server"), (root.Service, root.Kind));
        Assert.Contains("/orders", root.Attributes.GetValueOrDefault("url.path") ?? root.Name);
        // Every span's parent is in the same trace: no hop started a trace of its own.
        var ids = purchaseSpans.Select(s => s.SpanId).ToHashSet();
        Assert.All(purchaseSpans.Where(s => s.ParentSpanId is not null), s => Assert.Contains(s.ParentSpanId!, ids));
        Assert.Superset(new HashSet<string> { "gateway", "order", "inventory", "payment", "functions" }, purchaseSpans.Select(s => s.Service).ToHashSet());
        Assert.Superset(new HashSet<string>
            {
                $"send {KafkaTopics.Payments}", "outbox relay", $"process {KafkaTopics.Payments}", $"send {KafkaTopics.Orders}", $"process {KafkaTopics.Orders}",
            },
            purchaseSpans.Select(s => s.Name).ToHashSet());
        // The e-mail sender's call for the order is answered inside the same trace.
        Assert.Contains(purchaseSpans, s => s.Service == "order" && s.Kind == "Server" && s.Name.Contains("GetOrder", StringComparison.Ordinal));

        // The provider's webhook is a trace of its own (the provider sends no trace context), linked to the purchase.
        var confirming = Assert.Single(spans, s => s.Service == "payment" && s.LinkedTraceIds.Contains(trace));
        Assert.EndsWith("/ConfirmPayment", confirming.Name);
        Assert.NotEqual(trace, confirming.TraceId);
        Assert.Contains(spans, s => s.TraceId == confirming.TraceId && s.Service == "functions" && s.Name == "POST /webhooks/payos");
    }

    [Fact]
    public async Task Every_service_serves_the_on_sale_metrics_the_dashboard_reads()
    {
        await PurchaseAsync();
        using var http = new HttpClient();
        var scraped = new StringBuilder();
        foreach (var (service, url) in fixture.Platform.MetricsUrls)
        {
            var response = await http.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{service}: {response.StatusCode}");
            scraped.AppendLine(await response.Content.ReadAsStringAsync());
        }

        var exposition = scraped.ToString();
        Assert.Contains("ticketbottle_orders_total{", exposition);
        Assert.Matches(@"ticketbottle_payments_total\{[^}]*outcome=""succeeded""", exposition);
        Assert.Matches(@"ticketbottle_seats\{[^}]*state=""sold""", exposition);
        Assert.Contains("ticketbottle_outbox_oldest_age_seconds", exposition);
        // Every metric the Grafana dashboard queries is one the services export (a renamed metric fails here).
        var dashboard = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "on-sale.json"));
        var queried = Regex.Matches(dashboard, @"\b(ticketbottle_[a-z_]+|http_server_request_duration_seconds[a-z_]*)").Select(m => m.Value).ToHashSet();
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, exposition));
    }

    [Fact]
    public async Task Logs_of_a_purchase_carry_trace_ids_and_no_personal_data_or_secrets()
    {
        var purchase = await PurchaseAsync();
        var serviceLines = Directory.GetFiles(fixture.LogDirectory, "*.log").SelectMany(ReadShared).ToList();
        var lines = serviceLines.Concat(purchase.FunctionLogLines).ToList();
        Assert.Contains(serviceLines, l => l.Contains(purchase.OrderId, StringComparison.Ordinal));
        Assert.Contains(purchase.FunctionLogLines, l => l.Contains(purchase.OrderId, StringComparison.Ordinal));

        string[] secrets =
        [
            purchase.Email, purchase.FullName, purchase.Password, purchase.AccessToken, purchase.AdmissionToken,
            PlatformFixture.Settings.PayOsApiKey, PlatformFixture.Settings.PayOsChecksumKey, PlatformFixture.Settings.ZaloPayKey1,
            PlatformFixture.Settings.ZaloPayKey2, PlatformFixture.Settings.TicketTokenKey, PlatformFixture.Settings.AdmissionTokenKey,
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        // Lines written while handling a request or message name its trace.
        var orderLines = serviceLines.Where(l => l.Contains(purchase.OrderId, StringComparison.Ordinal)).ToList();
        Assert.All(orderLines, l => Assert.Matches("\"trace_id\":\"[0-9a-f]{32}\"", l));
    }

    private Task<ObservedPurchase> PurchaseAsync() => fixture.OnceAsync(async () =>
    {
        // The functions run in this process: their log lines go to this console while the purchase runs.
        var console = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(new TeeWriter(console, captured)));
        try
        {
            using var customer = fixture.NewCustomer("Trần Thị Bích Ngọc");
            await customer.SignUpAndLogInAsync();
            var admission = await customer.QueueUntilAdmittedAsync(fixture.EventId);
            var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "observed-1", new { sectionId = "GA", quantity = 1 });
            if (placed.StatusCode == HttpStatusCode.GatewayTimeout)
            {
                // Cold service processes on a busy CI box: the client's retry with the same Idempotency-Key.
                placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "observed-1", new { sectionId = "GA", quantity = 1 });
            }

            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            var order = await Customer.OrderFromAsync(placed);
            await PaymentProviderSandbox.PayAsync(order.Payment!.CheckoutUrl!, new PaymentChoice());
            await customer.WaitForOrderStateAsync(order.OrderId, "confirmed", PurchaseJourney.SagaTimeout);
            await fixture.Smtp.WaitForMessagesToAsync(customer.Email, 1, PurchaseJourney.SagaTimeout);
            return new ObservedPurchase(order.OrderId, customer.Email, customer.FullName, customer.Password,
                customer.Http.DefaultRequestHeaders.Authorization!.Parameter!, admission,
                captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Console.SetOut(console);
        }
    });

    private static bool InTraceOf(IReadOnlyList<RecordedSpan> all, RecordedSpan span, string orderId) =>
        all.Any(s => s.TraceId == span.TraceId && s.Attributes.GetValueOrDefault("ticketbottle.order_id") == orderId && s.Name == $"send {KafkaTopics.Payments}");

    private async Task<IReadOnlyList<RecordedSpan>> WaitForSpansAsync(Func<IReadOnlyList<RecordedSpan>, bool> complete)
    {
        var deadline = DateTime.UtcNow + ExportTimeout;
        while (true)
        {
            var spans = RecordedSpan.ReadAll(fixture.TraceDirectory);
            if (complete(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(250);
        }
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed record ObservedPurchase(string OrderId, string Email, string FullName, string Password, string AccessToken,
        string AdmissionToken, IReadOnlyList<string> FunctionLogLines);

    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => first.Encoding;

        public override void Write(char value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            first.Write(value);
            second.Write(value);
        }
    }
}
