using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Testing;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Order.UnitTests;

/// <summary>Inventory's answers as the saga relies on them: holds idempotent by order id, a sold hold can't be released.</summary>
public sealed class FakeInventory(TimeProvider clock) : InventoryService.InventoryServiceClient
{
    public const long PriceVnd = 1_500_000;
    private readonly Dictionary<string, Hold> _holds = new();

    /// <summary>Someone else holds the seats: HoldSeats answers FAILED_PRECONDITION.</summary>
    public bool SeatsTaken { get; set; }
    /// <summary>A confirmation got there first: ReleaseHold answers FAILED_PRECONDITION.</summary>
    public bool HoldsSold { get; set; }
    /// <summary>The section is free (price 0), as for guest lists.</summary>
    public bool FreeSeats { get; set; }
    public int HoldCalls { get; private set; }
    public int ConfirmCalls { get; private set; }
    public int ReleaseCalls { get; private set; }

    public HoldStatus StatusOf(string holdId) => Find(holdId).Status;

    public override AsyncUnaryCall<Hold> HoldSeatsAsync(HoldSeatsRequest request, CallOptions options) => FakeCalls.Unary(() =>
    {
        HoldCalls++;
        if (SeatsTaken)
        {
            throw FakeCalls.Error(StatusCode.FailedPrecondition, "Seats are held by another order.");
        }

        if (!_holds.TryGetValue(request.OrderId, out var hold))
        {
            var quantity = request.SectionQuantity?.Quantity ?? request.SeatIds.Ids.Count;
            var price = FreeSeats ? 0 : PriceVnd;
            hold = new Hold
            {
                HoldId = $"hold-{request.OrderId}", EventId = request.EventId, OrderId = request.OrderId, Status = HoldStatus.Held,
                ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddSeconds(request.TtlSeconds)), TotalVnd = quantity * price,
            };
            hold.Seats.AddRange(Enumerable.Range(1, quantity).Select(n => new HeldSeat
            {
                SeatId = $"A-1-{n}", SectionId = "A", SectionName = "Khu A", Row = "1", Number = n, PriceVnd = price,
            }));
            _holds[request.OrderId] = hold;
        }

        return hold;
    });

    public override AsyncUnaryCall<Hold> ConfirmHoldAsync(HoldRef request, CallOptions options) => FakeCalls.Unary(() =>
    {
        ConfirmCalls++;
        var hold = Find(request.HoldId);
        if (hold.Status is HoldStatus.Released or HoldStatus.Expired)
        {
            throw FakeCalls.Error(StatusCode.FailedPrecondition, "The hold has ended.");
        }

        hold.Status = HoldStatus.Confirmed;
        return hold;
    });

    public override AsyncUnaryCall<Hold> ReleaseHoldAsync(HoldRef request, CallOptions options) => FakeCalls.Unary(() =>
    {
        ReleaseCalls++;
        var hold = Find(request.HoldId);
        if (HoldsSold || hold.Status == HoldStatus.Confirmed)
        {
            throw FakeCalls.Error(StatusCode.FailedPrecondition, "The seats are sold.");
        }

        hold.Status = HoldStatus.Released;
        return hold;
    });

    private Hold Find(string holdId) =>
        _holds.Values.FirstOrDefault(h => h.HoldId == holdId) ?? throw FakeCalls.Error(StatusCode.NotFound, $"Hold {holdId} not found.");
}
