using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Inventory.V1;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Inventory;

public sealed class InventoryGrpcService(SeatInventory inventory, IOptions<InventoryOptions> options, ILogger<InventoryGrpcService> logger)
    : InventoryService.InventoryServiceBase
{
    private const int MaxIdLength = 64;

    public override Task<UpsertSeatMapResponse> UpsertSeatMap(UpsertSeatMapRequest request, ServerCallContext context) => Guard(async () =>
    {
        RequireId(request.EventId, "event_id");
        Require(request.Sections.Count > 0, "At least one section is required.");
        var sections = request.Sections.Select(ToSeatMapSection).ToList();
        Require(sections.Select(s => s.SectionId).Distinct().Count() == sections.Count, "section_id values must be unique.");
        var allSeats = sections.SelectMany(s => s.Seats).Select(s => s.SeatId).ToList();
        Require(allSeats.Count <= options.Value.MaxSeatsPerSeatMapCall, $"At most {options.Value.MaxSeatsPerSeatMapCall} seats per call.");
        Require(allSeats.Distinct(StringComparer.Ordinal).Count() == allSeats.Count, "seat_id values must be unique within the event.");

        var (added, total) = await inventory.UpsertSeatMapAsync(request.EventId, sections, context.CancellationToken);
        logger.LogInformation("Seat map for event {EventId}: {SeatsAdded} seats added, {TotalSeats} in all", request.EventId, added, total);
        return new UpsertSeatMapResponse { Sections = sections.Count, SeatsAdded = added, TotalSeats = total };
    });

    public override Task<Hold> HoldSeats(HoldSeatsRequest request, ServerCallContext context) => Guard(async () =>
    {
        RequireId(request.EventId, "event_id");
        RequireId(request.OrderId, "order_id", maxLength: 128);
        var limit = options.Value.MaxSeatsPerOrder;
        SeatSelection selection = request.SelectionCase switch
        {
            HoldSeatsRequest.SelectionOneofCase.SeatIds => ExplicitSeats(request.SeatIds, limit),
            HoldSeatsRequest.SelectionOneofCase.SectionQuantity => BestAvailable(request.SectionQuantity, limit),
            _ => throw Invalid("Either seat_ids or section_quantity is required."),
        };
        var ttlSeconds = request.TtlSeconds == 0 ? options.Value.DefaultHoldSeconds : request.TtlSeconds;
        Require(ttlSeconds > 0 && ttlSeconds <= options.Value.MaxHoldSeconds, $"ttl_seconds must be between 1 and {options.Value.MaxHoldSeconds}.");

        var view = await inventory.HoldAsync(request.EventId, request.OrderId, selection, TimeSpan.FromSeconds(ttlSeconds), context.CancellationToken);
        logger.LogInformation("Hold {HoldId} for order {OrderId}: {SeatCount} seats of event {EventId} until {ExpiresAt:O}",
            view.Hold.HoldId, view.Hold.OrderId, view.Seats.Count, view.Hold.EventId, view.Hold.ExpiresAt);
        return ToMessage(view);
    });

    public override Task<Hold> ConfirmHold(HoldRef request, ServerCallContext context) => Guard(async () =>
    {
        var view = await inventory.ConfirmAsync(ParseHoldId(request), context.CancellationToken);
        logger.LogInformation("Hold {HoldId} for order {OrderId} confirmed: {SeatCount} seats sold", view.Hold.HoldId, view.Hold.OrderId, view.Seats.Count);
        return ToMessage(view);
    });

    public override Task<Hold> ReleaseHold(HoldRef request, ServerCallContext context) => Guard(async () =>
    {
        var view = await inventory.ReleaseAsync(ParseHoldId(request), context.CancellationToken);
        logger.LogInformation("Hold {HoldId} for order {OrderId} released", view.Hold.HoldId, view.Hold.OrderId);
        return ToMessage(view);
    });

    public override Task<Hold> GetHold(HoldRef request, ServerCallContext context) =>
        Guard(async () => ToMessage(await inventory.GetAsync(ParseHoldId(request), context.CancellationToken)));

    public override Task<Availability> GetAvailability(GetAvailabilityRequest request, ServerCallContext context) => Guard(async () =>
    {
        RequireId(request.EventId, "event_id");
        var sections = await inventory.AvailabilityAsync(request.EventId, context.CancellationToken);
        var response = new Availability { EventId = request.EventId };
        response.Sections.AddRange(sections.Select(s => new SectionAvailability
        {
            SectionId = s.SectionId, Name = s.Name, PriceVnd = s.PriceVnd, Capacity = s.Capacity,
            Held = s.Held, Sold = s.Sold, Available = s.Capacity - s.Held - s.Sold,
        }));
        if (request.IncludeHoldCounts)
        {
            response.HoldCounts.Add(await inventory.HoldCountsAsync(request.EventId, context.CancellationToken));
        }

        return response;
    });

    public override Task<TakenSeats> ListTakenSeats(GetAvailabilityRequest request, ServerCallContext context) => Guard(async () =>
    {
        RequireId(request.EventId, "event_id");
        return new TakenSeats { EventId = request.EventId, SeatIds = { await inventory.TakenSeatsAsync(request.EventId, context.CancellationToken) } };
    });

    public override Task<ReleaseExpiredHoldsResponse> ReleaseExpiredHolds(ReleaseExpiredHoldsRequest request, ServerCallContext context) => Guard(async () =>
    {
        Require(request.BatchSize > 0 && request.BatchSize <= options.Value.MaxSweepBatchSize,
            $"batch_size must be between 1 and {options.Value.MaxSweepBatchSize}.");
        var result = await inventory.ReleaseExpiredAsync(request.BatchSize, context.CancellationToken);
        if (result.HoldsReleased > 0)
        {
            logger.LogInformation("Released {HoldsReleased} expired holds ({SeatsReleased} seats)", result.HoldsReleased, result.SeatsReleased);
        }

        return new ReleaseExpiredHoldsResponse { HoldsReleased = result.HoldsReleased, SeatsReleased = result.SeatsReleased };
    });

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (InventoryException ex)
        {
            var code = ex.Kind switch
            {
                InventoryErrorKind.InvalidArgument => StatusCode.InvalidArgument,
                InventoryErrorKind.NotFound => StatusCode.NotFound,
                _ => StatusCode.FailedPrecondition,
            };
            throw new RpcException(new Status(code, ex.Message));
        }
    }

    private static SeatSelection ExplicitSeats(SeatIds seatIds, int limit)
    {
        var ids = seatIds.Ids.ToList();
        Require(ids.Count > 0 && ids.Count <= limit, $"Between 1 and {limit} seats per order.");
        Require(ids.All(id => id.Length is > 0 and <= MaxIdLength), "seat ids must be 1 to 64 characters.");
        Require(ids.Distinct(StringComparer.Ordinal).Count() == ids.Count, "seat ids must not repeat.");
        return new SeatSelection.Explicit(ids);
    }

    private static SeatSelection BestAvailable(SectionQuantity request, int limit)
    {
        RequireId(request.SectionId, "section_quantity.section_id");
        Require(request.Quantity > 0 && request.Quantity <= limit, $"quantity must be between 1 and {limit}.");
        return new SeatSelection.BestAvailable(request.SectionId, request.Quantity);
    }

    private static SeatMapSection ToSeatMapSection(SectionMap section)
    {
        RequireId(section.SectionId, "section_id");
        Require(section.Name.Length > 0, $"Section {section.SectionId} needs a name.");
        Require(section.PriceVnd >= 0, $"Section {section.SectionId} has a negative price.");
        Require(section.Seats.Count > 0 ^ section.GaCapacity > 0,
            $"Section {section.SectionId} needs either seats or a positive ga_capacity, not both.");
        var seats = section.Seats.Count > 0
            ? section.Seats.Select(s =>
            {
                RequireId(s.SeatId, "seat_id");
                return new SeatMapEntry(s.SeatId, s.Row, s.Number);
            }).ToList()
            // General admission: numbered places nobody sees, so capacity is enforced by the same row locks.
            : Enumerable.Range(1, section.GaCapacity).Select(n => new SeatMapEntry($"{section.SectionId}-GA-{n:D6}", "", n)).ToList();
        return new SeatMapSection(section.SectionId, section.Name, section.PriceVnd, seats);
    }

    private static Guid ParseHoldId(HoldRef request) =>
        Guid.TryParse(request.HoldId, out var holdId) ? holdId : throw Invalid("hold_id must be a UUID.");

    private static void RequireId(string value, string field, int maxLength = MaxIdLength) =>
        Require(value.Length > 0 && value.Length <= maxLength, $"{field} is required (at most {maxLength} characters).");

    private static Hold ToMessage(HoldView view)
    {
        var hold = new Hold
        {
            HoldId = view.Hold.HoldId.ToString(),
            EventId = view.Hold.EventId,
            OrderId = view.Hold.OrderId,
            Status = view.Hold.Status switch
            {
                HoldState.Held => HoldStatus.Held,
                HoldState.Confirmed => HoldStatus.Confirmed,
                HoldState.Released => HoldStatus.Released,
                HoldState.Expired => HoldStatus.Expired,
                _ => HoldStatus.Unspecified,
            },
            ExpiresAt = Timestamp.FromDateTime(DateTime.SpecifyKind(view.Hold.ExpiresAt, DateTimeKind.Utc)),
            TotalVnd = view.Hold.TotalVnd,
        };
        hold.Seats.AddRange(view.Seats.Select(s => new HeldSeat
        {
            SeatId = s.SeatId, SectionId = s.SectionId, SectionName = s.SectionName, Row = s.RowLabel, Number = s.SeatNumber, PriceVnd = s.PriceVnd,
        }));
        return hold;
    }
}
