using TicketBottle.ServiceIdentity;
using System.Text;
using System.Text.Json;
using Serilog;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Functions.PdfGenerator;
using TicketBottle.Testing;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Functions.TicketDelivery.Tests;

public sealed class PdfGeneratorTests(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static readonly ILogger Quiet = new LoggerConfiguration().CreateLogger();

    private async Task<ApiGatewayHttpResponse> GetAsync(string eventJson)
    {
        var function = new PdfGeneratorFunction(fixture.PdfOptions(), null, Quiet);
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(eventJson)));
        return (await JsonSerializer.DeserializeAsync(output, FunctionJsonContext.Default.ApiGatewayHttpResponse))!;
    }

    private static string Request(string orderId, string? subject, string method = "GET") =>
        JsonSerializer.Serialize(new ApiGatewayHttpRequest
        {
            Version = "2.0",
            RawPath = $"/orders/{orderId}/tickets.pdf",
            PathParameters = new Dictionary<string, string> { ["orderId"] = orderId },
            RequestContext = new ApiGatewayRequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Http = new ApiGatewayHttpDescription { Method = method, Path = $"/orders/{orderId}/tickets.pdf" },
                Authorizer = subject is null ? null : new ApiGatewayAuthorizer { Jwt = new ApiGatewayJwt { Claims = new() { ["sub"] = subject } } },
            },
        }, FunctionJsonContext.Default.ApiGatewayHttpRequest);

    [Fact]
    public void A_cold_start_without_a_ticket_token_key_stops_instead_of_signing_forgeable_QR_codes()
    {
        // As the runtime starts it: from the environment (nothing else in this test assembly reads these variables).
        Environment.SetEnvironmentVariable("ORDER_SERVICE_URL", "http://127.0.0.1:9");
        Environment.SetEnvironmentVariable("TICKETS_BUCKET", "tickets");
        Environment.SetEnvironmentVariable("SERVICE_IDENTITY_KEY", LocalServiceIdentities.PrivateKeyPem(Callers.PdfGenerator));
        Environment.SetEnvironmentVariable("TICKET_TOKEN_KEY", "");
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() => new PdfGeneratorFunction());
            Assert.Contains("TICKET_TOKEN_KEY", refused.Message);
        }
        finally
        {
            foreach (var name in new[] { "ORDER_SERVICE_URL", "TICKETS_BUCKET", "SERVICE_IDENTITY_KEY", "TICKET_TOKEN_KEY" })
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public async Task Owner_is_redirected_to_a_presigned_url_serving_the_rendered_pdf()
    {
        var order = SampleOrders.Confirmed(tickets: 2);
        fixture.Orders.Orders[order.OrderId] = order;

        var first = await GetAsync(Request(order.OrderId, order.Customer.CustomerId));
        var second = await GetAsync(Request(order.OrderId, order.Customer.CustomerId));
        using var http = new HttpClient();
        var pdf = await http.GetByteArrayAsync(first.Headers!["location"]);

        Assert.Equal(302, first.StatusCode);
        Assert.Equal(302, second.StatusCode);
        Assert.Contains("Nguyễn Thị Hồng Nhung", await PdfInspection.TextAsync(pdf));
        Assert.Equal(2, (await PdfInspection.QrCodesAsync(pdf)).Count);
    }

    [Fact]
    public async Task Sample_event_for_sam_local_invoke_is_a_valid_request()
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "ticket-pdf-request.json"));
        var request = JsonSerializer.Deserialize(sample, FunctionJsonContext.Default.ApiGatewayHttpRequest)!;
        var order = SampleOrders.Confirmed(tickets: 1);
        order.OrderId = request.PathParameters!["orderId"];
        order.Customer.CustomerId = request.Subject!;
        fixture.Orders.Orders[order.OrderId] = order;

        var response = await GetAsync(sample);

        Assert.Equal(302, response.StatusCode);
    }

    [Fact]
    public async Task Unpaid_unknown_foreign_and_anonymous_requests_never_get_a_pdf()
    {
        var pending = SampleOrders.Confirmed();
        pending.State = OrderState.AwaitingPayment;
        fixture.Orders.Orders[pending.OrderId] = pending;
        var paid = SampleOrders.Confirmed();
        fixture.Orders.Orders[paid.OrderId] = paid;

        Assert.Equal(409, (await GetAsync(Request(pending.OrderId, pending.Customer.CustomerId))).StatusCode);
        Assert.Equal(404, (await GetAsync(Request("ord-unknown", "cus-1"))).StatusCode);
        Assert.Equal(404, (await GetAsync(Request(paid.OrderId, "someone-else"))).StatusCode);
        Assert.Equal(401, (await GetAsync(Request(paid.OrderId, null))).StatusCode);
        Assert.Equal(405, (await GetAsync(Request(paid.OrderId, paid.Customer.CustomerId, "DELETE"))).StatusCode);
        Assert.Equal(404, (await GetAsync(Request("../../etc", paid.Customer.CustomerId))).StatusCode);
    }
}
