using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Waitroom.V1;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Event;

public sealed partial class EventGrpcService(
    EventRepository events,
    InventoryService.InventoryServiceClient inventory,
    WaitroomService.WaitroomServiceClient waitroom,
    IOptions<EventOptions> options,
    ILogger<EventGrpcService> logger) : EventService.EventServiceBase
{
    private const int MaxSections = 50;
    private const int MaxTicketsPerCustomer = 100;
    private const int MaxAdmitPerSecond = 100_000;
    private const int MaxAdmittedAtOnce = 1_000_000;
    private const int MaxGateStaff = 200;

    public override async Task<Venue> CreateVenue(CreateVenueRequest request, ServerCallContext context)
    {
        Require(request.Name.Trim().Length is > 0 and <= 200, "name is required (at most 200 characters).");
        Require(TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _), $"time_zone '{request.TimeZone}' is not a known IANA zone.");
        return ToMessage(await events.CreateVenueAsync(request.Name.Trim(), request.Address.Trim(), request.TimeZone, context.CancellationToken));
    }

    public override async Task<Contracts.Event.V1.Event> CreateEvent(CreateEventRequest request, ServerCallContext context)
    {
        Require(Guid.TryParse(request.VenueId, out var venueId), "venue_id must be a UUID.");
        var (startsAt, saleStartsAt, saleEndsAt) = ValidateTimes(request.StartsAt, request.SaleStartsAt, request.SaleEndsAt);
        Require(request.Name.Trim().Length is > 0 and <= 200, "name is required (at most 200 characters).");
        Require(request.Sections.Count is > 0 and <= MaxSections, $"Between 1 and {MaxSections} sections.");
        Require(request.Sections.Select(s => s.SectionId).Distinct().Count() == request.Sections.Count, "section_id values must be unique.");
        Require(request.MaxTicketsPerCustomer is >= 0 and <= MaxTicketsPerCustomer, $"max_tickets_per_customer must be 0 (default) to {MaxTicketsPerCustomer}.");
        var sections = request.Sections.Select(ToSectionRecord).ToList();
        var settings = options.Value;
        var record = new EventRecord($"evt-{Guid.CreateVersion7():N}", venueId, request.Name.Trim(), request.Description, startsAt, saleStartsAt,
            saleEndsAt, "DRAFT", request.AdmitPerSecond > 0 ? request.AdmitPerSecond : settings.DefaultAdmitPerSecond,
            request.MaxAdmitted > 0 ? request.MaxAdmitted : settings.DefaultMaxAdmitted,
            request.MaxTicketsPerCustomer > 0 ? request.MaxTicketsPerCustomer : settings.DefaultMaxTicketsPerCustomer, request.OrganizerId,
            request.DrawAtOpening);

        var created = await events.CreateEventAsync(record, sections, context.CancellationToken)
                      ?? throw new RpcException(new Status(StatusCode.NotFound, $"Venue {venueId} not found."));
        logger.LogInformation("Event {EventId} created: {EventName}, {SeatCount} places in {SectionCount} sections",
            record.EventId, record.Name, sections.Sum(s => s.Capacity), sections.Count);
        return ToMessage(created);
    }

    public override async Task<Contracts.Event.V1.Event> UpdateEvent(UpdateEventRequest request, ServerCallContext context)
    {
        var (startsAt, saleStartsAt, saleEndsAt) = ValidateTimes(request.StartsAt, request.SaleStartsAt, request.SaleEndsAt);
        Require(request.Name.Trim().Length is > 0 and <= 200, "name is required (at most 200 characters).");
        Require(request.AdmitPerSecond is >= 0 and <= MaxAdmitPerSecond && request.MaxAdmitted is >= 0 and <= MaxAdmittedAtOnce,
            $"admit_per_second must be 0 (unchanged) to {MaxAdmitPerSecond}, max_admitted 0 (unchanged) to {MaxAdmittedAtOnce}.");
        var updated = await events.UpdateAsync(request.EventId, request.Name.Trim(), request.Description, startsAt, saleStartsAt, saleEndsAt,
                          request.AdmitPerSecond, request.MaxAdmitted, context.CancellationToken)
                      ?? throw NotFound(request.EventId);
        if (updated.Event.Status == "PUBLISHED")
        {
            await OpenWaitroomAsync(updated, context.CancellationToken);
        }

        return ToMessage(updated);
    }

    /// <summary>Seat map to Inventory, sale window to the Waitroom, then PUBLISHED; each step is idempotent, so a retry after a failure is safe.</summary>
    public override async Task<Contracts.Event.V1.Event> PublishEvent(EventRef request, ServerCallContext context)
    {
        var view = await events.GetAsync(request.EventId, context.CancellationToken) ?? throw NotFound(request.EventId);
        var seatMap = new UpsertSeatMapRequest { EventId = view.Event.EventId };
        seatMap.Sections.AddRange(view.Sections.Select(ToSeatMap));
        var loaded = await inventory.UpsertSeatMapAsync(seatMap, deadline: DateTime.UtcNow + options.Value.PublishDeadline,
            cancellationToken: context.CancellationToken);
        await OpenWaitroomAsync(view, context.CancellationToken);
        await events.MarkPublishedAsync(view.Event.EventId, context.CancellationToken);
        logger.LogInformation("Event {EventId} published: {TotalSeats} seats in inventory", view.Event.EventId, loaded.TotalSeats);
        return ToMessage(view with { Event = view.Event with { Status = "PUBLISHED" } });
    }

    public override async Task<Contracts.Event.V1.Event> GetEvent(EventRef request, ServerCallContext context) =>
        ToMessage(await events.GetAsync(request.EventId, context.CancellationToken) ?? throw NotFound(request.EventId));

    public override async Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize is > 0 and <= 100 ? request.PageSize : 20;
        var (afterStartsAt, afterEventId) = DecodePageToken(request.PageToken);
        var page = await events.ListUpcomingAsync(afterStartsAt, afterEventId, pageSize, context.CancellationToken);
        return Page(page, pageSize);
    }

    public override async Task<Contracts.Event.V1.Event> SetGateStaff(SetGateStaffRequest request, ServerCallContext context)
    {
        Require(request.UserIds.Count <= MaxGateStaff && request.UserIds.All(id => Guid.TryParse(id, out _)),
            $"user_ids: at most {MaxGateStaff} user ids (UUIDs).");
        var updated = await events.SetGateStaffAsync(request.EventId, request.UserIds.Distinct().ToList(), context.CancellationToken)
                      ?? throw NotFound(request.EventId);
        logger.LogInformation("Gate staff of event {EventId}: {StaffCount} accounts", request.EventId, updated.GateStaffIds.Count);
        return ToMessage(updated);
    }

    public override async Task<ListEventsResponse> ListOrganizerEvents(ListOrganizerEventsRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize is > 0 and <= 100 ? request.PageSize : 20;
        var (afterStartsAt, afterEventId) = DecodePageToken(request.PageToken);
        var page = await events.ListByOrganizerAsync(request.OrganizerId.Length > 0 ? request.OrganizerId : null, afterStartsAt, afterEventId,
            pageSize, context.CancellationToken);
        return Page(page, pageSize);
    }

    private static ListEventsResponse Page(IReadOnlyList<EventView> page, int pageSize)
    {
        var response = new ListEventsResponse();
        response.Events.AddRange(page.Select(ToMessage));
        if (page.Count == pageSize)
        {
            var last = page[^1].Event;
            response.NextPageToken = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{last.StartsAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.EventId}"));
        }

        return response;
    }

    private Task OpenWaitroomAsync(EventView view, CancellationToken cancellationToken) =>
        waitroom.OpenWaitroomAsync(new OpenWaitroomRequest
        {
            EventId = view.Event.EventId,
            SaleStartsAt = Utc(view.Event.SaleStartsAt),
            SaleEndsAt = Utc(view.Event.SaleEndsAt),
            AdmitPerSecond = view.Event.AdmitPerSecond,
            MaxAdmitted = view.Event.MaxAdmitted,
            AdmissionTtlSeconds = 900,
            DrawAtOpening = view.Event.DrawAtOpening,
        }, deadline: DateTime.UtcNow + options.Value.PublishDeadline, cancellationToken: cancellationToken).ResponseAsync;

    private static (DateTime StartsAt, DateTime SaleStartsAt, DateTime SaleEndsAt) ValidateTimes(Timestamp? startsAt, Timestamp? saleStartsAt, Timestamp? saleEndsAt)
    {
        Require(startsAt is not null && saleStartsAt is not null && saleEndsAt is not null, "starts_at, sale_starts_at and sale_ends_at are required.");
        var (start, saleStart, saleEnd) = (startsAt!.ToDateTime(), saleStartsAt!.ToDateTime(), saleEndsAt!.ToDateTime());
        Require(saleStart < saleEnd, "sale_ends_at must be after sale_starts_at.");
        Require(saleEnd <= start, "The sale must end by the time the event starts.");
        return (start, saleStart, saleEnd);
    }

    private static SectionRecord ToSectionRecord(SectionLayout layout)
    {
        Require(SectionId().IsMatch(layout.SectionId), "section_id must be 1 to 16 letters or digits.");
        Require(layout.Name.Trim().Length is > 0 and <= 100, $"Section {layout.SectionId} needs a name.");
        Require(layout.PriceVnd >= 0, $"Section {layout.SectionId} has a negative price.");
        var reserved = layout.Rows.Count > 0 || layout.SeatsPerRow > 0;
        Require(reserved ^ layout.GaCapacity > 0, $"Section {layout.SectionId} needs either rows and seats_per_row or a ga_capacity.");
        if (reserved)
        {
            Require(layout.Rows.Count is > 0 and <= 100 && layout.SeatsPerRow is > 0 and <= 200,
                $"Section {layout.SectionId}: 1 to 100 rows of 1 to 200 seats.");
            Require(layout.Rows.All(r => SectionId().IsMatch(r)) && layout.Rows.Distinct().Count() == layout.Rows.Count,
                $"Section {layout.SectionId}: row labels must be unique letters or digits.");
        }
        else
        {
            Require(layout.GaCapacity <= 100_000, $"Section {layout.SectionId}: at most 100000 standing places.");
        }

        return new SectionRecord(layout.SectionId, layout.Name.Trim(), layout.PriceVnd, [.. layout.Rows], layout.SeatsPerRow, layout.GaCapacity);
    }

    /// <summary>The seat ids Inventory sells: "&lt;section&gt;-&lt;row&gt;-&lt;seat&gt;".</summary>
    private static SectionMap ToSeatMap(SectionRecord section)
    {
        var map = new SectionMap { SectionId = section.SectionId, Name = section.Name, PriceVnd = section.PriceVnd, GaCapacity = section.GaCapacity };
        foreach (var row in section.Rows)
        {
            for (var seat = 1; seat <= section.SeatsPerRow; seat++)
            {
                map.Seats.Add(new SeatMapSeat { SeatId = $"{section.SectionId}-{row}-{seat}", Row = row, Number = seat });
            }
        }

        return map;
    }

    private static (DateTime?, string?) DecodePageToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }

        // Anything but a token this service issued (base64 of "ticks|eventId") is the caller's mistake, never a 500.
        var bytes = new byte[token.Length];
        var parts = Convert.TryFromBase64String(token, bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length).Split('|', 2) : [];
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                              && ticks <= DateTime.MaxValue.Ticks)
        {
            return (new DateTime(ticks, DateTimeKind.Utc), parts[1]);
        }

        throw Invalid("page_token is not one this service issued.");
    }

    private static RpcException NotFound(string eventId) => new(new Status(StatusCode.NotFound, $"Event {eventId} not found."));

    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static Venue ToMessage(VenueRecord venue) =>
        new() { VenueId = venue.VenueId.ToString(), Name = venue.Name, Address = venue.Address, TimeZone = venue.TimeZone };

    private static Contracts.Event.V1.Event ToMessage(EventView view)
    {
        var message = new Contracts.Event.V1.Event
        {
            EventId = view.Event.EventId,
            Venue = ToMessage(view.Venue),
            Name = view.Event.Name,
            Description = view.Event.Description,
            StartsAt = Utc(view.Event.StartsAt),
            SaleStartsAt = Utc(view.Event.SaleStartsAt),
            SaleEndsAt = Utc(view.Event.SaleEndsAt),
            Status = view.Event.Status == "PUBLISHED" ? EventStatus.Published : EventStatus.Draft,
            AdmitPerSecond = view.Event.AdmitPerSecond,
            MaxAdmitted = view.Event.MaxAdmitted,
            MaxTicketsPerCustomer = view.Event.MaxTicketsPerCustomer,
            OrganizerId = view.Event.OrganizerId,
            DrawAtOpening = view.Event.DrawAtOpening,
            GateStaffIds = { view.GateStaffIds },
        };
        message.Sections.AddRange(view.Sections.Select(s => new Section
        {
            SectionId = s.SectionId, Name = s.Name, PriceVnd = s.PriceVnd, Capacity = s.Capacity, GeneralAdmission = s.GeneralAdmission,
            Rows = { s.Rows }, SeatsPerRow = s.SeatsPerRow,
        }));
        return message;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,16}$")]
    private static partial Regex SectionId();
}
