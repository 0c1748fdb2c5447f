using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Gateway.Api;

public static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string AdmissionTokenHeader = "X-Admission-Token";
    private static readonly string[] Providers = ["zalopay", "payos"];

    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders").RequireAuthorization();
        orders.MapPost("/", PlaceAsync)
            .WithSummary("Hold seats and open a payment (needs the waitroom's admission token; retry with the same Idempotency-Key)");
        orders.MapGet("/", ListAsync).WithSummary("Your orders, newest first");
        orders.MapGet("/{orderId}", GetAsync).WithName("GetOrder").WithSummary("Your order and its state");
        orders.MapGet("/{orderId}/tickets", TicketsAsync).WithSummary("Redirects to the PDF with your tickets once the order is paid");
        return api;
    }

    private static async Task<IResult> PlaceAsync(PlaceOrderBody body, HttpContext http, OrderService.OrderServiceClient orders,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, [FromHeader(Name = AdmissionTokenHeader)] string? admissionToken,
        CancellationToken cancellationToken)
    {
        var bySeat = body.SeatIds is { Length: > 0 };
        if (new Validation()
                .Require(idempotencyKey is { Length: > 0 and <= 100 }, IdempotencyKeyHeader, "Header required, 1–100 characters, one per purchase.")
                .Require(!string.IsNullOrEmpty(admissionToken), AdmissionTokenHeader, "Header required: the token from the waitroom.")
                .Require(!string.IsNullOrWhiteSpace(body.EventId), "eventId", "Required.")
                .Require(bySeat ^ body.SectionId is not null, "seatIds", "Give either seatIds or sectionId with quantity.")
                .Require(bySeat || body.Quantity is > 0, "quantity", "Required with sectionId, at least 1.")
                .Require(body.PaymentProvider is not null && Providers.Contains(body.PaymentProvider), "paymentProvider", "\"zalopay\" or \"payos\".")
                .Problem() is { } problem)
        {
            return problem;
        }

        var customer = CurrentCustomer.From(http.User);
        var request = new PlaceOrderRequest
        {
            IdempotencyKey = idempotencyKey,
            Customer = new Customer { CustomerId = customer.CustomerId, Email = customer.Email, FullName = customer.FullName },
            EventId = body.EventId,
            AdmissionToken = admissionToken,
            PaymentProvider = body.PaymentProvider,
        };
        if (bySeat)
        {
            request.SeatIds = new SeatList { Ids = { body.SeatIds! } };
        }
        else
        {
            request.SectionQuantity = new SectionQuantity { SectionId = body.SectionId, Quantity = body.Quantity!.Value };
        }

        var order = await orders.PlaceOrderAsync(request, cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/orders/{order.OrderId}", ToDto(order, http));
    }

    private static async Task<IResult> ListAsync(int? pageSize, string? pageToken, HttpContext http, OrderService.OrderServiceClient orders,
        CancellationToken cancellationToken)
    {
        if (new Validation().Require(pageSize is null or (> 0 and <= 100), "pageSize", "Between 1 and 100.").Problem() is { } problem)
        {
            return problem;
        }

        var page = await orders.ListCustomerOrdersAsync(new ListCustomerOrdersRequest
        {
            CustomerId = CurrentCustomer.From(http.User).CustomerId, PageSize = pageSize ?? 20, PageToken = pageToken ?? "",
        }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new OrderPage(page.Orders.Select(o => ToDto(o, http)).ToList(), page.NextPageToken is { Length: > 0 } next ? next : null));
    }

    private static async Task<IResult> GetAsync(string orderId, HttpContext http, OrderService.OrderServiceClient orders,
        CancellationToken cancellationToken) =>
        await OwnOrderAsync(orderId, http, orders, cancellationToken) is { } order ? TypedResults.Ok(ToDto(order, http)) : OrderNotFound();

    private static async Task<IResult> TicketsAsync(string orderId, HttpContext http, OrderService.OrderServiceClient orders,
        IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var order = await OwnOrderAsync(orderId, http, orders, cancellationToken);
        if (order is null)
        {
            return OrderNotFound();
        }

        return order.State == OrderState.Confirmed
            ? TypedResults.Redirect(TicketsUrl(options.Value, orderId))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "Tickets are issued once the order is paid.");
    }

    /// <summary>
    /// Another customer's order answers exactly like a missing one, so order ids can't be probed; so does an id that no
    /// order can have (order ids are GUIDs), without a call to the Order service.
    /// </summary>
    private static async Task<Order?> OwnOrderAsync(string orderId, HttpContext http, OrderService.OrderServiceClient orders,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(orderId, out _))
        {
            return null;
        }

        try
        {
            var order = await orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, cancellationToken: cancellationToken);
            return order.Customer.CustomerId == CurrentCustomer.From(http.User).CustomerId ? order : null;
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    private static IResult OrderNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Order not found.");

    internal static string StateName(OrderState state) => state switch
    {
        OrderState.Pending => "pending",
        OrderState.AwaitingPayment => "awaiting_payment",
        OrderState.Confirmed => "confirmed",
        OrderState.Cancelled => "cancelled",
        OrderState.Expired => "expired",
        _ => "unknown",
    };

    private static string TicketsUrl(GatewayOptions options, string orderId) => $"{options.TicketsBaseUrl.TrimEnd('/')}/orders/{orderId}/tickets.pdf";

    private static OrderDto ToDto(Order order, HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        return new OrderDto(order.OrderId, StateName(order.State),
            new OrderEventDto(order.Event.EventId, order.Event.Name, order.Event.VenueName, order.Event.StartsAt.ToDateTimeOffset(), order.Event.TimeZone),
            order.Tickets.Select(t => new TicketDto(t.TicketId, t.SeatId, t.SectionName, t.Row, t.SeatNumber, t.PriceVnd)).ToList(),
            order.TotalVnd,
            order.Payment is { } p ? new PaymentDto(p.Provider, p.ProviderOrderRef, order.TotalVnd, p.PayBy.ToDateTimeOffset(),
                NullIfEmpty(p.CheckoutUrl), NullIfEmpty(p.QrCode)) : null,
            order.EndReason is { Length: > 0 } reason ? reason : null,
            order.CreatedAt.ToDateTimeOffset(), order.UpdatedAt.ToDateTimeOffset(),
            order.State == OrderState.Confirmed ? TicketsUrl(options, order.OrderId) : null);
    }

    /// <summary>Proto3 strings are never null: an absent one is empty, which the JSON answers as null.</summary>
    internal static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
