using TicketBottle.Contracts.Tickets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using TicketBottle.ServiceIdentity;
using Serilog;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Functions.Tickets;
using TicketBottle.Logging;

namespace TicketBottle.Functions.PdfGenerator;

/// <summary>
/// GET /orders/{orderId}/tickets.pdf behind the HTTP API's JWT authorizer: the order's owner gets a 302 (asking for
/// JSON: the address) to a short-lived presigned S3 URL (rendered and stored on first use); anyone else, or an unknown order, gets 404;
/// an order that isn't paid gets 409, never an empty PDF.
/// </summary>
public sealed partial class PdfGeneratorFunction
{
    private readonly PdfGeneratorOptions _options;
    private readonly OrderService.OrderServiceClient _orders;
    private readonly TicketPublisher _publisher;
    private readonly ILogger _logger;

    public PdfGeneratorFunction()
        : this(PdfGeneratorOptions.FromEnvironment(), null, null)
    {
    }

    public PdfGeneratorFunction(PdfGeneratorOptions options, OrderService.OrderServiceClient? orders, ILogger? logger)
    {
        _options = options;
        _orders = orders ?? new OrderService.OrderServiceClient(new CoreServiceChannels(Callers.PdfGenerator, options.ServiceIdentityKey).For(options.OrderServiceUrl));
        _publisher = new TicketPublisher(new TicketPdfRenderer(new TicketTokens(Encoding.UTF8.GetBytes(options.TicketTokenKey))),
            new TicketStore(TicketStore.CreateClient(options.Store), options.Store));
        _logger = logger ?? JsonLogging.CreateLogger("pdf-generator");
    }

    public Task<Stream> HandleAsync(Stream input) => LambdaStreams.HandleHttpAsync(input, HandleRequestAsync);

    private async Task<ApiGatewayHttpResponse> HandleRequestAsync(ApiGatewayHttpRequest request)
    {
        var match = TicketsPath().Match(request.RawPath ?? "");
        if (!match.Success)
        {
            return ApiGatewayHttpResponse.Problem(404, "Not found", $"No resource at {request.RawPath}.");
        }

        if (!string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return ApiGatewayHttpResponse.Problem(405, "Method not allowed", "Tickets are fetched with GET.");
        }

        if (request.Subject is not { Length: > 0 } customerId)
        {
            return ApiGatewayHttpResponse.Problem(401, "Unauthorized", "Sign in to download tickets.");
        }

        var orderId = match.Groups["orderId"].Value;
        var log = _logger.ForContext("request_id", request.RequestId).ForContext("order_id", orderId);
        Order order;
        try
        {
            order = await _orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, deadline: DateTime.UtcNow + _options.OrderDeadline);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return ApiGatewayHttpResponse.Problem(404, "Not found", $"Order {orderId} not found.");
        }
        catch (RpcException ex)
        {
            log.Error(ex, "Order service failed ({StatusCode})", ex.StatusCode);
            return ApiGatewayHttpResponse.Problem(503, "Service unavailable", "Please try again shortly.");
        }

        // Someone else's order looks exactly like a missing one.
        if (order.Customer.CustomerId != customerId)
        {
            log.Warning("Customer {CustomerId} asked for another customer's tickets", customerId);
            return ApiGatewayHttpResponse.Problem(404, "Not found", $"Order {orderId} not found.");
        }

        if (order.State != OrderState.Confirmed)
        {
            return ApiGatewayHttpResponse.Problem(409, "Conflict", $"Order {orderId} is {order.State}; tickets exist once it is paid.");
        }

        await _publisher.EnsurePublishedAsync(order, CancellationToken.None);
        log.Information("Ticket download for order {OrderId} ({TicketCount} tickets)", orderId, order.Tickets.Count);
        var url = await _publisher.Store.DownloadUrlAsync(orderId);
        // A browser page asks with its token in a header, which a redirect it follows would carry to S3: it gets the
        // address to open instead.
        return request.Header("Accept")?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true
            ? ApiGatewayHttpResponse.Json(200, JsonSerializer.Serialize(new DownloadLink(url), PdfGeneratorJsonContext.Default.DownloadLink))
            : ApiGatewayHttpResponse.Redirect(url);
    }

    [GeneratedRegex("^/orders/(?<orderId>[A-Za-z0-9_-]{1,64})/tickets\\.pdf$")]
    private static partial Regex TicketsPath();
}
