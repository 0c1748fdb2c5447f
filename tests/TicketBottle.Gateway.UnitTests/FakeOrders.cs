using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Testing;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>The Order service as the Gateway sees it: orders by id, placement answered by <see cref="Place"/>.</summary>
public sealed class FakeOrders : OrderService.OrderServiceClient
{
    private readonly Dictionary<string, Order> _orders = new();

    public int Calls { get; private set; }
    public Func<PlaceOrderRequest, Order> Place { get; set; } = request => Sample(request.Customer.CustomerId);

    public static Order Sample(string customerId, string orderId = "o-1") => new()
    {
        OrderId = orderId,
        State = OrderState.AwaitingPayment,
        Customer = new Customer { CustomerId = customerId, Email = $"{customerId}@example.vn", FullName = "Khách" },
        Event = new EventSnapshot
        {
            EventId = "evt-1", Name = "Đêm nhạc", VenueName = "Nhà hát Lớn", TimeZone = "Asia/Ho_Chi_Minh",
            StartsAt = Timestamp.FromDateTime(new DateTime(2026, 12, 9, 12, 30, 0, DateTimeKind.Utc)),
        },
        Tickets = { new Ticket { TicketId = $"{orderId}-01", SeatId = "A-1-1", SectionName = "Khu A", Row = "1", SeatNumber = 1, PriceVnd = 1_500_000 } },
        TotalVnd = 1_500_000,
        Payment = new Payment
        {
            PaymentId = "p-1", Provider = "payos", ProviderOrderRef = "100001", PayBy = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(15)),
            CheckoutUrl = "https://pay.payos.vn/web/link-1", QrCode = "000201-vietqr",
        },
        CreatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
        UpdatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    public void Add(Order order) => _orders[order.OrderId] = order;

    public override AsyncUnaryCall<Order> PlaceOrderAsync(PlaceOrderRequest request, CallOptions options) => FakeCalls.Unary(() =>
    {
        Calls++;
        return Place(request);
    });

    public override AsyncUnaryCall<Order> GetOrderAsync(GetOrderRequest request, CallOptions options) => FakeCalls.Unary(() =>
    {
        Calls++;
        return _orders.TryGetValue(request.OrderId, out var order) ? order : throw FakeCalls.Error(StatusCode.NotFound, "Order not found.");
    });
}
