using System.Security.Claims;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Contracts;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Api;

/// <summary>
/// The organizer's console API: venues, events with their seat maps, publishing, waitroom pacing, pausing admissions,
/// and the on-sale's live figures. An organizer sees only their own events (another's answers 404, like a missing
/// one); an admin sees all.
/// </summary>
public static class OrganizerEndpoints
{
    private const int MaxSections = 50;
    private const int MaxDescriptionLength = 4000;
    private const int MaxGateStaff = 200;

    /// <summary>Inventory's hold states, as the console names the orders behind them.</summary>
    private static readonly Dictionary<string, string> OrderStateOfHold = new()
    {
        ["HELD"] = "awaiting_payment", ["CONFIRMED"] = "paid", ["RELEASED"] = "cancelled", ["EXPIRED"] = "expired",
    };

    public static RouteGroupBuilder MapOrganizer(this RouteGroupBuilder api)
    {
        var organizer = api.MapGroup("/organizer").WithTags("Organizer").RequireAuthorization(AccessPolicies.Organizer);
        organizer.MapPost("/venues", CreateVenueAsync).WithSummary("Add a venue");
        organizer.MapGet("/events", ListAsync).WithSummary("Your events, drafts included, by start time");
        organizer.MapPost("/events", CreateAsync).WithSummary("Create a draft event with its sections, prices and seat layout");
        organizer.MapGet("/events/{eventId}", GetAsync).WithSummary("One of your events");
        organizer.MapPut("/events/{eventId}", UpdateAsync).WithSummary("Change name, times or waitroom pacing (pacing applies at once)");
        organizer.MapPost("/events/{eventId}/publish", PublishAsync).WithSummary("Put the event on sale: seats to inventory, waitroom opened");
        organizer.MapPost("/events/{eventId}/admission/pause", (string eventId, HttpContext http, EventService.EventServiceClient catalog,
                WaitroomService.WaitroomServiceClient waitroom, CancellationToken ct) => SetPausedAsync(eventId, true, http, catalog, waitroom, ct))
            .WithSummary("Stop letting customers in; the queue keeps its order");
        organizer.MapPost("/events/{eventId}/admission/resume", (string eventId, HttpContext http, EventService.EventServiceClient catalog,
                WaitroomService.WaitroomServiceClient waitroom, CancellationToken ct) => SetPausedAsync(eventId, false, http, catalog, waitroom, ct))
            .WithSummary("Let customers in again at the event's pace");
        organizer.MapPut("/events/{eventId}/gate-staff", SetGateStaffAsync)
            .WithSummary("Who may scan this event's tickets at its gates (replaces the list; 400 names e-mails without an account)");
        organizer.MapGet("/events/{eventId}/sales", SalesAsync)
            .WithSummary("Live: seats available/held/sold per section, revenue, orders by state, queue and admissions");
        return api;
    }

    private static async Task<IResult> CreateVenueAsync(CreateVenueBody body, EventService.EventServiceClient catalog, CancellationToken cancellationToken)
    {
        if (new Validation()
                .Text(body.Name, "name", 200)
                .Text(body.Address, "address", 500, required: false)
                .Require(body.TimeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(body.TimeZone, out _), "timeZone",
                    "An IANA time zone, e.g. Asia/Ho_Chi_Minh.")
                .Problem() is { } problem)
        {
            return problem;
        }

        var venue = await catalog.CreateVenueAsync(new CreateVenueRequest { Name = body.Name, Address = body.Address ?? "", TimeZone = body.TimeZone },
            cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/organizer/venues/{venue.VenueId}", EventEndpoints.ToDto(venue));
    }

    private static async Task<IResult> ListAsync(int? pageSize, string? pageToken, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken)
    {
        if (new Validation().Require(pageSize is null or (> 0 and <= 100), "pageSize", "Between 1 and 100.").Problem() is { } problem)
        {
            return problem;
        }

        var page = await catalog.ListOrganizerEventsAsync(new ListOrganizerEventsRequest
        {
            OrganizerId = http.User.IsInRole(Roles.Admin) ? "" : Subject(http.User), PageSize = pageSize ?? 20, PageToken = pageToken ?? "",
        }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new OrganizerEventPage(page.Events.Select(ToDto).ToList(), page.NextPageToken is { Length: > 0 } next ? next : null));
    }

    private static async Task<IResult> CreateAsync(CreateEventBody body, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Require(Guid.TryParse(body.VenueId, out _), "venueId", "Required: the id of a venue.")
            .Text(body.Name, "name", 200)
            .Text(body.Description, "description", MaxDescriptionLength, required: false);
        RequireTimes(validation, body.StartsAt, body.SaleStartsAt, body.SaleEndsAt);
        RequirePacing(validation, body.AdmitPerSecond, body.MaxAdmitted)
            .Require(body.MaxTicketsPerCustomer is null or (> 0 and <= 100), "maxTicketsPerCustomer", "Between 1 and 100.")
            .Require(body.FairStart is null or "arrival" or "draw", "fairStart", "\"arrival\" (first come, first served) or \"draw\" (a draw at the opening).")
            .Require(body.Sections is { Length: > 0 and <= MaxSections }, "sections", $"Between 1 and {MaxSections} sections.");
        foreach (var (section, i) in (body.Sections ?? []).Select((s, i) => (s, i)))
        {
            var field = $"sections[{i}]";
            validation
                .Require(section is not null, field, "Required.")
                .Text(section?.SectionId, $"{field}.sectionId", 16)
                .Text(section?.Name, $"{field}.name", 100)
                .Require(section?.PriceVnd is >= 0, $"{field}.priceVnd", "Required, 0 or more.")
                .Require(section is null || (section.Rows is { Length: > 0 } && section.SeatsPerRow is > 0) ^ section.GaCapacity is > 0, field,
                    "Either rows with seatsPerRow (reserved seating) or gaCapacity (standing).");
        }

        if (validation.Problem() is { } problem)
        {
            return problem;
        }

        var request = new CreateEventRequest
        {
            VenueId = body.VenueId, Name = body.Name, Description = body.Description ?? "", OrganizerId = Subject(http.User),
            StartsAt = Timestamp.FromDateTimeOffset(body.StartsAt!.Value), SaleStartsAt = Timestamp.FromDateTimeOffset(body.SaleStartsAt!.Value),
            SaleEndsAt = Timestamp.FromDateTimeOffset(body.SaleEndsAt!.Value),
            AdmitPerSecond = body.AdmitPerSecond ?? 0, MaxAdmitted = body.MaxAdmitted ?? 0, MaxTicketsPerCustomer = body.MaxTicketsPerCustomer ?? 0,
            DrawAtOpening = body.FairStart == "draw",
        };
        request.Sections.AddRange(body.Sections!.Select(s => new SectionLayout
        {
            SectionId = s.SectionId, Name = s.Name, PriceVnd = s.PriceVnd!.Value, Rows = { s.Rows ?? [] }, SeatsPerRow = s.SeatsPerRow ?? 0,
            GaCapacity = s.GaCapacity ?? 0,
        }));
        var created = await catalog.CreateEventAsync(request, cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/organizer/events/{created.EventId}", ToDto(created));
    }

    private static async Task<IResult> GetAsync(string eventId, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken) =>
        await OwnEventAsync(eventId, http, catalog, cancellationToken) is { } found ? TypedResults.Ok(ToDto(found)) : NotFound(eventId);

    private static async Task<IResult> UpdateAsync(string eventId, UpdateEventBody body, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Text(body.Name, "name", 200)
            .Text(body.Description, "description", MaxDescriptionLength, required: false);
        RequireTimes(validation, body.StartsAt, body.SaleStartsAt, body.SaleEndsAt);
        if (RequirePacing(validation, body.AdmitPerSecond, body.MaxAdmitted).Problem() is { } problem)
        {
            return problem;
        }

        if (await OwnEventAsync(eventId, http, catalog, cancellationToken) is null)
        {
            return NotFound(eventId);
        }

        var updated = await catalog.UpdateEventAsync(new UpdateEventRequest
        {
            EventId = eventId, Name = body.Name, Description = body.Description ?? "",
            StartsAt = Timestamp.FromDateTimeOffset(body.StartsAt!.Value), SaleStartsAt = Timestamp.FromDateTimeOffset(body.SaleStartsAt!.Value),
            SaleEndsAt = Timestamp.FromDateTimeOffset(body.SaleEndsAt!.Value), AdmitPerSecond = body.AdmitPerSecond ?? 0, MaxAdmitted = body.MaxAdmitted ?? 0,
        }, cancellationToken: cancellationToken);
        return TypedResults.Ok(ToDto(updated));
    }

    private static async Task<IResult> PublishAsync(string eventId, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken)
    {
        if (await OwnEventAsync(eventId, http, catalog, cancellationToken) is null)
        {
            return NotFound(eventId);
        }

        return TypedResults.Ok(ToDto(await catalog.PublishEventAsync(new EventRef { EventId = eventId }, cancellationToken: cancellationToken)));
    }

    private static async Task<IResult> SetPausedAsync(string eventId, bool paused, HttpContext http, EventService.EventServiceClient catalog,
        WaitroomService.WaitroomServiceClient waitroom, CancellationToken cancellationToken)
    {
        if (await OwnPublishedEventAsync(eventId, http, catalog, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var state = await waitroom.SetAdmissionPausedAsync(new SetAdmissionPausedRequest { EventId = eventId, Paused = paused },
            cancellationToken: cancellationToken);
        return TypedResults.Ok(ToDto(state));
    }

    private static async Task<IResult> SetGateStaffAsync(string eventId, GateStaffBody body, HttpContext http, EventService.EventServiceClient catalog,
        UserService.UserServiceClient users, CancellationToken cancellationToken)
    {
        var validation = new Validation().Require(body.Emails is { Length: <= MaxGateStaff }, "emails", $"A list of at most {MaxGateStaff} e-mails.");
        foreach (var (email, i) in (body.Emails ?? []).Select((e, i) => (e, i)))
        {
            validation.Text(email, $"emails[{i}]", AuthEndpoints.MaxEmailLength);
        }

        if (validation.Problem() is { } problem)
        {
            return problem;
        }

        if (await OwnEventAsync(eventId, http, catalog, cancellationToken) is null)
        {
            return NotFound(eventId);
        }

        var found = (await users.FindUsersAsync(new FindUsersRequest { Emails = { body.Emails! } }, cancellationToken: cancellationToken)).Users;
        var unknown = body.Emails!.Where(e => !found.Any(u => string.Equals(u.Email, e.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["emails"] = [$"No account for {string.Join(", ", unknown)}."] });
        }

        await catalog.SetGateStaffAsync(new SetGateStaffRequest { EventId = eventId, UserIds = { found.Select(u => u.UserId) } },
            cancellationToken: cancellationToken);
        return TypedResults.Ok(new GateStaffDto(eventId, found.Select(u => u.Email).Order(StringComparer.OrdinalIgnoreCase).ToList()));
    }

    private static async Task<IResult> SalesAsync(string eventId, HttpContext http, EventService.EventServiceClient catalog,
        InventoryService.InventoryServiceClient inventory, WaitroomService.WaitroomServiceClient waitroom, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await OwnPublishedEventAsync(eventId, http, catalog, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // Independent reads: in parallel, so the console's refresh costs one round trip.
        var availabilityCall = inventory.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId, IncludeHoldCounts = true },
            cancellationToken: cancellationToken);
        var stateCall = waitroom.GetWaitroomStateAsync(new WaitroomRef { EventId = eventId }, cancellationToken: cancellationToken);
        var (availability, state) = (await availabilityCall, await stateCall);
        var sections = availability.Sections.Select(s => new SectionSalesDto(s.SectionId, s.Name, s.PriceVnd, s.Capacity, s.Available, s.Held, s.Sold,
            s.Sold * s.PriceVnd)).ToList();
        var orders = OrderStateOfHold.ToDictionary(p => p.Value, p => availability.HoldCounts.GetValueOrDefault(p.Key));
        return TypedResults.Ok(new SalesDto(eventId, clock.GetUtcNow(), sections, sections.Sum(s => s.Sold), sections.Sum(s => s.RevenueVnd), orders,
            ToDto(state)));
    }

    /// <summary>The event when the caller may manage it: its organizer, or an admin. Null otherwise, as for a missing one.</summary>
    private static async Task<Event?> OwnEventAsync(string eventId, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken)
    {
        try
        {
            var found = await catalog.GetEventAsync(new EventRef { EventId = eventId }, cancellationToken: cancellationToken);
            return http.User.IsInRole(Roles.Admin) || found.OrganizerId == Subject(http.User) ? found : null;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static void RequireTimes(Validation validation, DateTimeOffset? startsAt, DateTimeOffset? saleStartsAt, DateTimeOffset? saleEndsAt) =>
        validation
            .Require(startsAt is not null, "startsAt", "Required (ISO 8601 with offset).")
            .Require(saleStartsAt is not null, "saleStartsAt", "Required (ISO 8601 with offset).")
            .Require(saleEndsAt is not null, "saleEndsAt", "Required (ISO 8601 with offset).")
            .Require(saleStartsAt is null || saleEndsAt is null || saleStartsAt < saleEndsAt, "saleEndsAt", "After saleStartsAt.")
            .Require(saleEndsAt is null || startsAt is null || saleEndsAt <= startsAt, "saleEndsAt", "The sale ends by the time the event starts.");

    private static Validation RequirePacing(Validation validation, int? admitPerSecond, int? maxAdmitted) =>
        validation
            .Require(admitPerSecond is null or (> 0 and <= 100_000), "admitPerSecond", "Between 1 and 100000 customers a second.")
            .Require(maxAdmitted is null or (> 0 and <= 1_000_000), "maxAdmitted", "Between 1 and 1000000 customers shopping at once.");

    private static string Subject(ClaimsPrincipal user) => CurrentCustomer.From(user).CustomerId;

    private static IResult NotFound(string eventId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Event {eventId} not found.");

    /// <summary>Null when the caller may manage the event and it is on sale; otherwise the answer: 404, or 409 for a draft.</summary>
    private static async Task<IResult?> OwnPublishedEventAsync(string eventId, HttpContext http, EventService.EventServiceClient catalog,
        CancellationToken cancellationToken) => await OwnEventAsync(eventId, http, catalog, cancellationToken) switch
        {
            null => NotFound(eventId),
            { Status: not EventStatus.Published } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                detail: "The event is a draft: publish it first."),
            _ => null,
        };

    private static OrganizerEventDto ToDto(Event e) => new(e.EventId, e.Status == EventStatus.Published ? "published" : "draft", e.Name,
        e.Description, EventEndpoints.ToDto(e.Venue), e.StartsAt.ToDateTimeOffset(), e.SaleStartsAt.ToDateTimeOffset(), e.SaleEndsAt.ToDateTimeOffset(),
        e.Sections.Select(EventEndpoints.ToDto).ToList(), e.AdmitPerSecond, e.MaxAdmitted, e.MaxTicketsPerCustomer, EventEndpoints.FairStartOf(e));

    private static WaitroomStateDto ToDto(WaitroomState s) =>
        new(s.Paused, s.QueueLength, s.AdmittedNow, s.Config.AdmitPerSecond, s.Config.MaxAdmitted);
}
