using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Testing;
using TicketBottle.Contracts.Event.V1;

namespace TicketBottle.Order.UnitTests;

/// <summary>The Event service knows one published concert, <see cref="EventId"/>.</summary>
public sealed class FakeCatalog : EventService.EventServiceClient
{
    public const string EventId = "evt-hanoi-autumn";
    public const int MaxTicketsPerCustomer = 6;

    /// <summary>Completes when the event is first asked for.</summary>
    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override AsyncUnaryCall<Event> GetEventAsync(EventRef request, CallOptions options)
    {
        Asked.TrySetResult();
        return FakeCalls.Unary(() => request.EventId == EventId
            ? new Event
            {
                EventId = EventId, Name = "Đêm nhạc Hà Nội Mùa Thu", Status = EventStatus.Published, MaxTicketsPerCustomer = MaxTicketsPerCustomer,
                StartsAt = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(14)),
                Venue = new Venue { Name = "Nhà hát Lớn Hà Nội", Address = "1 Tràng Tiền", TimeZone = "Asia/Ho_Chi_Minh" },
            }
            : throw FakeCalls.Error(StatusCode.NotFound, $"Event {request.EventId} not found."));
    }
}
