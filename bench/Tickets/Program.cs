using TicketBottle.Contracts.Tickets;
using System.Diagnostics;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Functions.Tickets;

// Renders an order of 10 tickets (the size the ticket issue asks about) repeatedly on one thread, as one Lambda
// invocation would, and prints PDFs per second, size, and the process's peak resident memory.
var seconds = args.Length > 0 ? double.Parse(args[0]) : 10;
var renderer = new TicketPdfRenderer(new TicketTokens(Encoding.UTF8.GetBytes("bench-ticket-token-key-0123456789abcdef")));
var order = new Order
{
    OrderId = "ord-bench-0001",
    State = OrderState.Confirmed,
    Customer = new Customer { CustomerId = "c", Email = "nhung@example.com", FullName = "Nguyễn Thị Hồng Nhung" },
    Event = new EventSnapshot
    {
        EventId = "evt", Name = "Đêm nhạc Hà Nội Mùa Thu", VenueName = "Nhà hát Lớn Hà Nội", VenueAddress = "1 Tràng Tiền",
        TimeZone = "Asia/Ho_Chi_Minh", StartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)),
    },
};
for (var i = 1; i <= 10; i++)
{
    order.Tickets.Add(new Ticket { TicketId = $"tkt-{i:D4}", SeatId = $"A-3-{i}", SectionName = "Khu A", Row = "3", SeatNumber = i, PriceVnd = 1_500_000 });
}

var first = Stopwatch.StartNew();
var size = renderer.Render(order).Length;
Console.WriteLine($"first render (cold: fonts, JIT): {first.ElapsedMilliseconds} ms, {size / 1024.0:F0} KiB");

var rendered = 0;
var watch = Stopwatch.StartNew();
while (watch.Elapsed.TotalSeconds < seconds)
{
    renderer.Render(order);
    rendered++;
}

var peakKib = long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
Console.WriteLine($"10-ticket PDFs: {rendered} in {watch.Elapsed.TotalSeconds:F1} s = {rendered / watch.Elapsed.TotalSeconds:F1}/s " +
                  $"({watch.Elapsed.TotalMilliseconds / rendered:F1} ms each); peak RSS {peakKib / 1024.0:F0} MiB; " +
                  $"GC heap after {GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0:F1} MiB");
