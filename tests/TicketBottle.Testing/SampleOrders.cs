using Google.Protobuf.WellKnownTypes;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Testing;

public static class SampleOrders
{
    public static Order Confirmed(int tickets = 3, string holder = "Nguyễn Thị Hồng Nhung")
    {
        var order = new Order
        {
            OrderId = $"ord-{Guid.NewGuid():N}",
            State = OrderState.Confirmed,
            Customer = new Customer { CustomerId = "cus-1", Email = "nhung@example.com", FullName = holder },
            Event = new EventSnapshot
            {
                EventId = "evt-hanoi-2026", Name = "Đêm nhạc Hà Nội Mùa Thu", VenueName = "Nhà hát Lớn Hà Nội",
                VenueAddress = "1 Tràng Tiền, Hoàn Kiếm", TimeZone = "Asia/Ho_Chi_Minh",
                // 12:30 UTC is 19:30 in Hanoi.
                StartsAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 19, 12, 30, 0, TimeSpan.Zero)),
            },
        };
        for (var i = 1; i <= tickets; i++)
        {
            order.Tickets.Add(new Ticket
            {
                TicketId = $"tkt-{i}-{Guid.NewGuid():N}"[..16], SeatId = $"A-7-{i}", SectionName = "Khu A", Row = "7", SeatNumber = i, PriceVnd = 1_250_000,
            });
        }

        order.TotalVnd = order.Tickets.Sum(t => t.PriceVnd);
        return order;
    }
}
