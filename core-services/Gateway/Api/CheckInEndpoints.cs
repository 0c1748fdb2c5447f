using Google.Protobuf.WellKnownTypes;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Gateway.Api;

/// <summary>
/// Gate scanners (an event's named staff, its organizer, admins): check a ticket in online, download the event's check-in list to scan
/// offline, and upload the offline scans later. Every scan answers the same JSON shape, so a scanner shows "result"
/// whatever the status code.
/// </summary>
public static class CheckInEndpoints
{
    private const int MaxTokenLength = 512;
    private const int MaxGateLength = 50;
    private const int MaxScansPerSync = 1000;

    public static RouteGroupBuilder MapCheckIn(this RouteGroupBuilder api)
    {
        var checkIn = api.MapGroup("/checkin").WithTags("Gate check-in").RequireAuthorization(AccessPolicies.GateStaff);
        checkIn.MapPost("/", CheckInAsync)
            .WithSummary("Scan a ticket: 200 admitted; 409 already used (when, which gate), order not valid or another event; 404 not our ticket");
        checkIn.MapGet("/{eventId}/list", ListAsync).WithSummary("The event's valid tickets for scanning offline (token fingerprints, not tokens)");
        checkIn.MapPost("/sync", SyncAsync).WithSummary("Upload an offline scanner's scans; the earliest scan of a ticket wins");
        return api;
    }

    private static async Task<IResult> CheckInAsync(CheckInBody body, HttpContext http, OrderService.OrderServiceClient orders, GateAccess access,
        CancellationToken cancellationToken)
    {
        if (Scanner(body.EventId, body.Gate).Text(body.Token, "token", MaxTokenLength).Problem() is { } problem)
        {
            return problem;
        }

        if (!await access.MayScanAsync(body.EventId!, http.User, cancellationToken))
        {
            return NotThisGate();
        }

        var result = await orders.CheckInAsync(new CheckInRequest
        {
            Token = body.Token!.Trim(), EventId = body.EventId, Gate = body.Gate!.Trim(), StaffId = CurrentCustomer.From(http.User).CustomerId,
        }, cancellationToken: cancellationToken);
        var dto = ToDto(result);
        return TypedResults.Json(dto, statusCode: result.Outcome switch
        {
            CheckInOutcome.Admitted => StatusCodes.Status200OK,
            CheckInOutcome.UnknownTicket => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        });
    }

    private static async Task<IResult> ListAsync(string eventId, HttpContext http, OrderService.OrderServiceClient orders, GateAccess access,
        CancellationToken cancellationToken)
    {
        if (!await access.MayScanAsync(eventId, http.User, cancellationToken))
        {
            return NotThisGate();
        }

        var list = await orders.GetCheckInListAsync(new GetCheckInListRequest { EventId = eventId }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new CheckInListDto(list.EventId, list.GeneratedAt.ToDateTimeOffset(), list.Tickets.Select(t => new CheckInListEntryDto(
            t.TicketId, t.TokenFingerprint, t.SeatId, t.SectionName, t.Row, t.SeatNumber, t.CheckedInAt?.ToDateTimeOffset(),
            OrderEndpoints.NullIfEmpty(t.CheckedInGate))).ToList()));
    }

    private static async Task<IResult> SyncAsync(SyncCheckInsBody body, HttpContext http, OrderService.OrderServiceClient orders, GateAccess access,
        CancellationToken cancellationToken)
    {
        var validation = Scanner(body.EventId, body.Gate)
            .Require(body.Scans is { Length: > 0 and <= MaxScansPerSync }, "scans", $"Between 1 and {MaxScansPerSync} scans.");
        foreach (var (scan, i) in (body.Scans ?? []).Select((s, i) => (s, i)))
        {
            validation.Text(scan?.Token, $"scans[{i}].token", MaxTokenLength)
                .Require(scan?.ScannedAt is not null, $"scans[{i}].scannedAt", "Required: when the scanner read the code (ISO 8601 with offset).");
        }

        if (validation.Problem() is { } problem)
        {
            return problem;
        }

        if (!await access.MayScanAsync(body.EventId!, http.User, cancellationToken))
        {
            return NotThisGate();
        }

        var request = new SyncCheckInsRequest { EventId = body.EventId, Gate = body.Gate!.Trim(), StaffId = CurrentCustomer.From(http.User).CustomerId };
        request.Scans.AddRange(body.Scans!.Select(s => new OfflineScan { Token = s.Token!.Trim(), ScannedAt = Timestamp.FromDateTimeOffset(s.ScannedAt!.Value) }));
        var response = await orders.SyncCheckInsAsync(request, cancellationToken: cancellationToken);
        return TypedResults.Ok(response.Results.Select(ToDto).ToList());
    }

    private static IResult NotThisGate() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        detail: "You are not a gate of this event: its organizer adds its gate staff.");

    private static Validation Scanner(string? eventId, string? gate) => new Validation()
        .Text(eventId, "eventId", 64)
        .Text(gate, "gate", MaxGateLength);

    private static CheckInDto ToDto(CheckInResult r)
    {
        var (result, message) = r.Outcome switch
        {
            CheckInOutcome.Admitted => ("admitted", "Admitted."),
            CheckInOutcome.AlreadyUsed => ("already_used", $"Already used at {r.FirstScannedAt.ToDateTimeOffset():O}, gate {r.FirstGate}."),
            CheckInOutcome.OrderNotValid => ("order_not_valid", "The order of this ticket is not paid or was cancelled: do not admit."),
            CheckInOutcome.WrongEvent => ("wrong_event", "This ticket is for another event."),
            _ => ("unknown_ticket", "Not a ticket of ours: forged, altered or unreadable."),
        };
        var known = r.SeatId.Length > 0;
        return new CheckInDto(result, message, OrderEndpoints.NullIfEmpty(r.TicketId), OrderEndpoints.NullIfEmpty(r.EventId), known ? r.SeatId : null, known ? r.SectionName : null,
            known ? r.Row : null, known ? r.SeatNumber : null, r.FirstScannedAt?.ToDateTimeOffset(), OrderEndpoints.NullIfEmpty(r.FirstGate),
            r.OrderState == OrderState.Unspecified ? null : OrderEndpoints.StateName(r.OrderState));
    }
}
