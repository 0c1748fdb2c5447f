using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Api;

public static class WaitroomEndpoints
{
    public static RouteGroupBuilder MapWaitroom(this RouteGroupBuilder api)
    {
        var waitroom = api.MapGroup("/events/{eventId}/waitroom").WithTags("Waitroom").RequireAuthorization();
        waitroom.MapPost("/", JoinAsync).WithSummary("Join the event's queue (joining again keeps your place)");
        waitroom.MapGet("/", PositionAsync).WithSummary("Your place in the queue, or your admission token once admitted");
        waitroom.MapGet("/stream", Watch).WithSummary("Server-sent events: 'position' as the queue moves, then 'admitted' with the token");
        waitroom.MapDelete("/", LeaveAsync).WithSummary("Leave the queue");
        return api;
    }

    private static async Task<IResult> JoinAsync(string eventId, HttpContext http, WaitroomService.WaitroomServiceClient waitroom,
        CancellationToken cancellationToken)
    {
        var status = await waitroom.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = CurrentCustomer.From(http.User).CustomerId },
            cancellationToken: cancellationToken);
        return TypedResults.Ok(ToDto(status));
    }

    private static async Task<IResult> PositionAsync(string eventId, HttpContext http, WaitroomService.WaitroomServiceClient waitroom,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await waitroom.GetPositionAsync(Ref(eventId, http), cancellationToken: cancellationToken)));

    private static async Task<IResult> LeaveAsync(string eventId, HttpContext http, WaitroomService.WaitroomServiceClient waitroom,
        CancellationToken cancellationToken)
    {
        await waitroom.LeaveAsync(Ref(eventId, http), cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Bridges the gRPC position stream. The first message is awaited before answering, so "not in the queue" is a
    /// plain 404 rather than a broken event stream.
    /// </summary>
    private static async Task<IResult> Watch(string eventId, HttpContext http, WaitroomService.WaitroomServiceClient waitroom)
    {
        var call = waitroom.WatchPosition(Ref(eventId, http), cancellationToken: http.RequestAborted);
        try
        {
            if (!await call.ResponseStream.MoveNext(http.RequestAborted))
            {
                call.Dispose();
                return TypedResults.NoContent();
            }
        }
        catch
        {
            call.Dispose();
            throw;
        }

        return TypedResults.ServerSentEvents(Relay(call, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<QueueStatusDto>> Relay(AsyncServerStreamingCall<QueueStatus> call,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (call)
        {
            var status = call.ResponseStream.Current;
            while (true)
            {
                var admitted = status.State == QueueState.Admitted;
                yield return new SseItem<QueueStatusDto>(ToDto(status), admitted ? "admitted" : "position");
                bool more;
                var replaced = false;
                try
                {
                    more = !admitted && await call.ResponseStream.MoveNext(cancellationToken);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted)
                {
                    // The customer opened this event's stream again (another tab, a reconnect): one stream each.
                    (more, replaced) = (false, true);
                }

                if (replaced)
                {
                    yield return new SseItem<QueueStatusDto>(ToDto(status) with { State = "replaced" }, "replaced");
                }

                if (!more)
                {
                    yield break;
                }

                status = call.ResponseStream.Current;
            }
        }
    }

    private static CustomerRef Ref(string eventId, HttpContext http) =>
        new() { EventId = eventId, CustomerId = CurrentCustomer.From(http.User).CustomerId };

    private static QueueStatusDto ToDto(QueueStatus status) => new(status.EventId,
        status.State == QueueState.Admitted ? "admitted" : "waiting", status.Ticket, status.Position, status.QueueLength,
        status.AdmissionToken is { Length: > 0 } token ? token : null, status.AdmissionExpiresAt?.ToDateTimeOffset());
}
