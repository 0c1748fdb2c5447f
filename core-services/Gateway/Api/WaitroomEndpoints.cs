using System.IO.Pipelines;
using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Gateway.Queue;

namespace TicketBottle.Gateway.Api;

public static class WaitroomEndpoints
{
    /// <summary>The admission loop draws within a tick of the opening; reconnecting a second later finds the places.</summary>
    private static readonly TimeSpan DrawSettleTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DrawReconnectSpread = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapWaitroom(this RouteGroupBuilder api)
    {
        var waitroom = api.MapGroup("/events/{eventId}/waitroom").WithTags("Waitroom").RequireAuthorization();
        waitroom.MapPost("/", JoinAsync).WithSummary("Join the event's queue (joining again keeps your place)");
        waitroom.MapGet("/", PositionAsync).WithSummary("Your place in the queue, or your admission token once admitted");
        waitroom.MapGet("/stream", WatchAsync)
            .WithSummary("Server-sent events: 'position' as the queue moves, then 'admitted' with the token ('replaced' or 'removed' end it otherwise)")
            .Produces<QueueStatusDto>(StatusCodes.Status200OK, "text/event-stream");
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
    /// The customer's place as server-sent events, from this pod's one feed of the event's queue. The status is read
    /// before answering, so "not in the queue" is a plain 404 rather than a broken event stream. The stream ends after
    /// "admitted" (with the token), "replaced" (the customer opened another one) or "removed" (no longer queued); a
    /// browser's EventSource reconnects by itself and keeps its place.
    /// </summary>
    private static async Task WatchAsync(string eventId, HttpContext http, WaitroomService.WaitroomServiceClient waitroom, QueueFeeds feeds,
        TimeProvider clock, ILogger<QueueFeeds> logger)
    {
        var cancellation = http.RequestAborted;
        var streamId = Guid.NewGuid().ToString("N");
        var status = await waitroom.OpenStreamAsync(new OpenStreamRequest
        {
            EventId = eventId, CustomerId = CurrentCustomer.From(http.User).CustomerId, StreamId = streamId,
        }, cancellationToken: cancellation);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var body = http.Response.BodyWriter;
        try
        {
            if (status.State == QueueState.Admitted)
            {
                QueueEvents.WriteEvent(body, "admitted", ToDto(status));
                await body.FlushAsync(cancellation);
                return;
            }

            if (status.State == QueueState.AwaitingDraw)
            {
                // Nothing moves before the draw: the stream says so and ends, asking to reconnect once it is done,
                // spread over a few seconds so the whole lobby does not come back in the same instant.
                QueueEvents.WriteEvent(body, "draw", ToDto(status));
                var untilDraw = status.DrawAt.ToDateTimeOffset() - clock.GetUtcNow();
                QueueEvents.WriteRetry(body, (untilDraw > TimeSpan.Zero ? untilDraw : TimeSpan.Zero) + DrawSettleTime
                                             + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)DrawReconnectSpread.TotalMilliseconds)));
                await body.FlushAsync(cancellation);
                return;
            }

            using var watcher = feeds.Watch(eventId, streamId, status);
            await using var closing = cancellation.Register(watcher.Close);
            var prefix = QueueEvents.PositionPrefix(eventId, status.Ticket);
            QueueEvents.WritePosition(body, prefix, status.Position, status.QueueLength);
            await body.FlushAsync(cancellation);
            while (true)
            {
                await watcher.WaitAsync();
                var signals = watcher.TakeSignals();
                if (signals.HasFlag(WatcherSignals.Replaced))
                {
                    QueueEvents.WriteEvent(body, "replaced", ToDto(status) with { State = "replaced", Position = watcher.Position });
                    await body.FlushAsync(cancellation);
                    return;
                }

                if (signals.HasFlag(WatcherSignals.Check))
                {
                    await FinishAsync(body, status, waitroom, logger, cancellation);
                    return;
                }

                if (signals.HasFlag(WatcherSignals.Moved))
                {
                    var position = watcher.Position;
                    QueueEvents.WritePosition(body, prefix, position, watcher.QueueLength);
                    watcher.Wrote(position);
                }
                else
                {
                    QueueEvents.WriteKeepAlive(body);
                }

                await body.FlushAsync(cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The customer closed the page; their place stays until the Waitroom's inactivity timeout.
        }
    }

    /// <summary>The customer left the queue: admitted (the token is the last event), removed, or back under a new ticket.</summary>
    private static async Task FinishAsync(PipeWriter body, QueueStatus started, WaitroomService.WaitroomServiceClient waitroom, ILogger logger,
        CancellationToken cancellation)
    {
        try
        {
            var now = await waitroom.GetPositionAsync(new CustomerRef { EventId = started.EventId, CustomerId = started.CustomerId },
                cancellationToken: cancellation);
            // Waiting again means the customer left and joined again under a new ticket: this stream followed the old
            // one, so it ends with the new place and the client's reconnect follows the new ticket.
            QueueEvents.WriteEvent(body, now.State == QueueState.Admitted ? "admitted" : "position", ToDto(now));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            QueueEvents.WriteEvent(body, "removed", ToDto(started) with { State = "removed" });
        }
        catch (RpcException ex) when (!cancellation.IsCancellationRequested)
        {
            // The client's reconnect asks again; nothing is lost by ending here.
            logger.LogWarning("Queue stream of event {EventId} ended without an answer from the Waitroom ({GrpcStatus})", started.EventId, ex.StatusCode);
        }

        await body.FlushAsync(cancellation);
    }

    private static CustomerRef Ref(string eventId, HttpContext http) =>
        new() { EventId = eventId, CustomerId = CurrentCustomer.From(http.User).CustomerId };

    private static QueueStatusDto ToDto(QueueStatus status) => new(status.EventId,
        status.State switch { QueueState.Admitted => "admitted", QueueState.AwaitingDraw => "awaiting_draw", _ => "waiting" },
        status.Ticket, status.Position, status.QueueLength,
        status.AdmissionToken is { Length: > 0 } token ? token : null, status.AdmissionExpiresAt?.ToDateTimeOffset(),
        status.State == QueueState.AwaitingDraw ? status.DrawEntry : null, status.DrawAt?.ToDateTimeOffset());
}
