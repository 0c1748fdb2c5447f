using TicketBottle.LocalInfrastructure;
using TicketBottle.ServiceIdentity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using TicketBottle.Contracts.Event.V1;

namespace TicketBottle.LocalPlatform;

/// <summary>Creates and publishes an on-sale through the Event service, which hands the seat map to Inventory and opens the waitroom.</summary>
public static class DemoEvent
{
    public sealed record Layout(string SectionId, string Name, long PriceVnd, string[] Rows, int SeatsPerRow, int GaCapacity = 0);

    public static readonly Layout[] Concert =
    [
        new("VIP", "VIP", 3_000_000, ["A", "B"], 20),
        new("A", "Khu A", 1_500_000, ["1", "2", "3", "4", "5"], 30),
        new("GA", "Đứng", 600_000, [], 0, 1000),
    ];

    public static async Task<string> PublishAsync(Uri eventServiceUrl, string name, IEnumerable<Layout> sections,
        int admitPerSecond = 50, int maxAdmitted = 500, CancellationToken cancellationToken = default)
    {
        using var channel = GrpcChannel.ForAddress(eventServiceUrl);
        var events = new EventService.EventServiceClient(channel.As(Callers.Operator));
        var venue = await events.CreateVenueAsync(new CreateVenueRequest
        {
            Name = "Nhà hát Lớn Hà Nội", Address = "1 Tràng Tiền, Hoàn Kiếm, Hà Nội", TimeZone = "Asia/Ho_Chi_Minh",
        }, cancellationToken: cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var startsAt = now.AddDays(14);
        var request = new CreateEventRequest
        {
            VenueId = venue.VenueId, Name = name, Description = "Local on-sale",
            StartsAt = Timestamp.FromDateTimeOffset(startsAt),
            SaleStartsAt = Timestamp.FromDateTimeOffset(now),
            SaleEndsAt = Timestamp.FromDateTimeOffset(startsAt.AddHours(-2)),
            AdmitPerSecond = admitPerSecond, MaxAdmitted = maxAdmitted,
        };
        request.Sections.AddRange(sections.Select(s => new SectionLayout
        {
            SectionId = s.SectionId, Name = s.Name, PriceVnd = s.PriceVnd, Rows = { s.Rows }, SeatsPerRow = s.SeatsPerRow, GaCapacity = s.GaCapacity,
        }));
        var created = await events.CreateEventAsync(request, cancellationToken: cancellationToken);
        await events.PublishEventAsync(new EventRef { EventId = created.EventId }, cancellationToken: cancellationToken);
        return created.EventId;
    }
}
