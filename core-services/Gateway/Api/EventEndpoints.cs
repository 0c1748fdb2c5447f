using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Api;

public static class EventEndpoints
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events");
        events.MapGet("/", ListAsync).WithSummary("Published upcoming events, soonest first");
        events.MapGet("/{eventId}", GetAsync).WithSummary("One published event with its sections and prices");
        events.MapGet("/{eventId}/availability", AvailabilityAsync).WithSummary("Seats still available per section");
        events.MapGet("/{eventId}/draw", DrawAsync).WithSummary("A fair start's draw: the seed's commitment before the opening, the seed and drawn order after");
        events.MapGet("/{eventId}/seats/taken", TakenSeatsAsync).WithSummary("Reserved seats that cannot be picked now, for the seat map");
        return api;
    }

    private static async Task<IResult> ListAsync(int? pageSize, string? pageToken, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken)
    {
        if (new Validation().Require(pageSize is null or (> 0 and <= 100), "pageSize", "Between 1 and 100.").Problem() is { } problem)
        {
            return problem;
        }

        var page = await catalog.ListEventsAsync(new ListEventsRequest { PageSize = pageSize ?? 20, PageToken = pageToken ?? "" },
            cancellationToken: cancellationToken);
        return TypedResults.Ok(new EventPage(page.Events.Select(ToDto).ToList(), page.NextPageToken is { Length: > 0 } next ? next : null));
    }

    private static async Task<IResult> GetAsync(string eventId, EventService.EventServiceClient catalog, CancellationToken cancellationToken)
    {
        var found = await catalog.GetEventAsync(new EventRef { EventId = eventId }, cancellationToken: cancellationToken);
        // Drafts are the organiser's business.
        return found.Status == EventStatus.Published ? TypedResults.Ok(ToDto(found)) : NotFound(eventId);
    }

    private static async Task<IResult> AvailabilityAsync(string eventId, InventoryService.InventoryServiceClient inventory,
        CancellationToken cancellationToken)
    {
        var availability = await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new AvailabilityDto(availability.EventId, availability.Sections
            .Select(s => new SectionAvailabilityDto(s.SectionId, s.Name, s.PriceVnd, s.Capacity, s.Available)).ToList()));
    }

    private static async Task<IResult> TakenSeatsAsync(string eventId, InventoryService.InventoryServiceClient inventory,
        CancellationToken cancellationToken)
    {
        var taken = await inventory.ListTakenSeatsAsync(new GetAvailabilityRequest { EventId = eventId }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new TakenSeatsDto(taken.EventId, [.. taken.SeatIds]));
    }

    private static async Task<IResult> DrawAsync(string eventId, WaitroomService.WaitroomServiceClient waitroom, CancellationToken cancellationToken)
    {
        var draw = await waitroom.GetDrawAsync(new WaitroomRef { EventId = eventId }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new DrawDto(draw.EventId, draw.Commitment, draw.DrawAt.ToDateTimeOffset(), draw.DrawnAt?.ToDateTimeOffset(),
            OrderEndpoints.NullIfEmpty(draw.Seed), [.. draw.DrawnOrder]));
    }

    private static IResult NotFound(string eventId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Event {eventId} not found.");

    private static EventDto ToDto(Event e) => new(e.EventId, e.Name, e.Description, ToDto(e.Venue),
        e.StartsAt.ToDateTimeOffset(), e.SaleStartsAt.ToDateTimeOffset(), e.SaleEndsAt.ToDateTimeOffset(), e.Sections.Select(ToDto).ToList(),
        FairStartOf(e));

    internal static string FairStartOf(Event e) => e.DrawAtOpening ? "draw" : "arrival";

    internal static VenueDto ToDto(Venue v) => new(v.VenueId, v.Name, v.Address, v.TimeZone);

    internal static SectionDto ToDto(Section s) => new(s.SectionId, s.Name, s.PriceVnd, s.Capacity, s.GeneralAdmission, [.. s.Rows], s.SeatsPerRow);
}
