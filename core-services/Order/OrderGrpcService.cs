using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Order;

public sealed class OrderGrpcService(OrderSaga saga, IOrderStore store, CheckInDesk desk, TimeProvider clock, IOptions<OrderOptions> options)
    : OrderService.OrderServiceBase
{
    private const int MaxSeatsPerOrder = 30;
    private const int MaxTokenLength = 512;
    private const int MaxScansPerSync = 1000;
    /// <summary>A phone's clock may run a little ahead; a scan claiming a time further ahead is a mistake or a trick.</summary>
    private static readonly TimeSpan ScannerClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Providers = ["zalopay", "payos"];

    public override async Task<Contracts.Order.V1.Order> PlaceOrder(PlaceOrderRequest request, ServerCallContext context)
    {
        Require(request.IdempotencyKey.Length is > 0 and <= 100, "idempotency_key must be 1–100 characters.");
        Require(!string.IsNullOrWhiteSpace(request.Customer?.CustomerId) && !string.IsNullOrWhiteSpace(request.Customer.Email),
            "customer with id and e-mail is required.");
        Require(!string.IsNullOrWhiteSpace(request.EventId), "event_id is required.");
        Require(!string.IsNullOrWhiteSpace(request.AdmissionToken), "admission_token is required: join the waitroom first.");
        Require(Providers.Contains(request.PaymentProvider), "payment_provider must be \"zalopay\" or \"payos\".");
        var seats = request.SelectionCase switch
        {
            PlaceOrderRequest.SelectionOneofCase.SeatIds => SeatsById(request.SeatIds),
            PlaceOrderRequest.SelectionOneofCase.SectionQuantity => SeatsBySection(request.SectionQuantity),
            _ => throw Invalid("Choose seat_ids or section_quantity."),
        };

        var order = await saga.PlaceAsync(new PlaceOrderCommand(request.IdempotencyKey,
            new CustomerInfo(request.Customer!.CustomerId, request.Customer.Email, request.Customer.FullName),
            request.EventId, request.AdmissionToken, seats, request.PaymentProvider), context.CancellationToken);
        return ToProto(order);
    }

    public override async Task<Contracts.Order.V1.Order> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        Require(request.OrderId.Length is > 0 and <= 64, "order_id is required (at most 64 characters).");
        var order = await store.GetAsync(request.OrderId, context.CancellationToken)
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"Order {request.OrderId} not found."));
        return ToProto(order);
    }

    public override async Task<ListOrdersResponse> ListCustomerOrders(ListCustomerOrdersRequest request, ServerCallContext context)
    {
        Require(request.CustomerId.Length is > 0 and <= 64, "customer_id is required (at most 64 characters).");
        var pageSize = request.PageSize is > 0 and <= 100 ? request.PageSize : 20;
        var page = await store.ListByCustomerAsync(request.CustomerId, pageSize, OrderPageToken.Decode(request.PageToken), context.CancellationToken);
        var response = new ListOrdersResponse { Orders = { page.Select(ToProto) } };
        if (page.Count == pageSize)
        {
            response.NextPageToken = OrderPageToken.Encode(page[^1].CreatedAt, page[^1].OrderId);
        }

        return response;
    }

    public override async Task<ExpireStaleOrdersResponse> ExpireStaleOrders(ExpireStaleOrdersRequest request, ServerCallContext context)
    {
        Require(request.BatchSize > 0 && request.BatchSize <= options.Value.MaxSweepBatchSize,
            $"batch_size must be between 1 and {options.Value.MaxSweepBatchSize}.");
        return new ExpireStaleOrdersResponse { Expired = await saga.ExpireOverdueAsync(request.BatchSize, context.CancellationToken) };
    }

    public override Task<CheckInResult> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        RequireScanner(request.EventId, request.Gate);
        Require(request.Token.Length is > 0 and <= MaxTokenLength, $"token is required (at most {MaxTokenLength} characters).");
        return desk.CheckInAsync(request.Token, request.EventId, request.Gate, request.StaffId, clock.GetUtcNow(), earliestWins: false,
            context.CancellationToken);
    }

    public override Task<CheckInList> GetCheckInList(GetCheckInListRequest request, ServerCallContext context)
    {
        Require(request.EventId.Length is > 0 and <= 64, "event_id is required (at most 64 characters).");
        return desk.GetListAsync(request.EventId, clock.GetUtcNow(), context.CancellationToken);
    }

    public override async Task<SyncCheckInsResponse> SyncCheckIns(SyncCheckInsRequest request, ServerCallContext context)
    {
        RequireScanner(request.EventId, request.Gate);
        Require(request.Scans.Count is > 0 and <= MaxScansPerSync, $"Between 1 and {MaxScansPerSync} scans per upload.");
        var now = clock.GetUtcNow();
        Require(request.Scans.All(s => s.Token.Length is > 0 and <= MaxTokenLength && s.ScannedAt is not null && s.ScannedAt.ToDateTimeOffset() <= now + ScannerClockSkew),
            "Every scan needs its token and a scanned_at that is not in the future.");
        var response = new SyncCheckInsResponse();
        // In order, one at a time: two scans of one ticket in an upload settle like two gates would.
        foreach (var scan in request.Scans)
        {
            response.Results.Add(await desk.CheckInAsync(scan.Token, request.EventId, request.Gate, request.StaffId, scan.ScannedAt.ToDateTimeOffset(),
                earliestWins: true, context.CancellationToken));
        }

        return response;
    }

    public static OrderState ToProto(OrderStatus state) => state switch
    {
        OrderStatus.Pending => OrderState.Pending,
        OrderStatus.AwaitingPayment => OrderState.AwaitingPayment,
        OrderStatus.Confirmed => OrderState.Confirmed,
        OrderStatus.Cancelled => OrderState.Cancelled,
        OrderStatus.Expired => OrderState.Expired,
        _ => OrderState.Unspecified,
    };

    private static void RequireScanner(string eventId, string gate)
    {
        Require(eventId.Length is > 0 and <= 64, "event_id is required (at most 64 characters).");
        Require(gate.Trim().Length is > 0 and <= 50, "gate is required (at most 50 characters).");
    }

    public static Contracts.Order.V1.Order ToProto(OrderDocument order)
    {
        var proto = new Contracts.Order.V1.Order
        {
            OrderId = order.OrderId,
            State = ToProto(order.State),
            Customer = new Customer { CustomerId = order.Customer.CustomerId, Email = order.Customer.Email, FullName = order.Customer.FullName },
            Event = new EventSnapshot
            {
                EventId = order.Event.EventId,
                Name = order.Event.Name,
                VenueName = order.Event.VenueName,
                VenueAddress = order.Event.VenueAddress,
                StartsAt = Timestamp.FromDateTimeOffset(order.Event.StartsAt),
                TimeZone = order.Event.TimeZone,
            },
            TotalVnd = order.TotalVnd,
            CreatedAt = Timestamp.FromDateTimeOffset(order.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(order.UpdatedAt),
            Version = order.Version,
            EndReason = order.EndReason ?? "",
        };
        proto.Tickets.AddRange(order.Tickets.Select(t => new Ticket
        {
            TicketId = t.TicketId,
            SeatId = t.SeatId,
            SectionName = t.SectionName,
            Row = t.Row,
            SeatNumber = t.SeatNumber,
            PriceVnd = t.PriceVnd,
        }));
        if (order.Payment is { } payment)
        {
            proto.Payment = new Contracts.Order.V1.Payment
            {
                PaymentId = payment.PaymentId,
                Provider = payment.Provider,
                ProviderOrderRef = payment.ProviderOrderRef,
                PayBy = Timestamp.FromDateTimeOffset(payment.PayBy),
                CheckoutUrl = payment.CheckoutUrl ?? "",
                QrCode = payment.QrCode ?? "",
            };
        }

        return proto;
    }

    private static SeatRequest SeatsById(SeatList list)
    {
        Require(list.Ids.Count is > 0 and <= MaxSeatsPerOrder, $"seat_ids must name 1–{MaxSeatsPerOrder} seats.");
        Require(list.Ids.All(id => !string.IsNullOrWhiteSpace(id)) && list.Ids.Distinct().Count() == list.Ids.Count,
            "seat_ids must be distinct and non-empty.");
        return new SeatRequest(list.Ids.ToList(), "", 0);
    }

    private static SeatRequest SeatsBySection(SectionQuantity selection)
    {
        Require(!string.IsNullOrWhiteSpace(selection.SectionId), "section_quantity.section_id is required.");
        Require(selection.Quantity is > 0 and <= MaxSeatsPerOrder, $"section_quantity.quantity must be 1–{MaxSeatsPerOrder}.");
        return new SeatRequest([], selection.SectionId, selection.Quantity);
    }
}
