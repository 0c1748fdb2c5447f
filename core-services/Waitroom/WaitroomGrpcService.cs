using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Waitroom.V1;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.Waitroom;

public sealed partial class WaitroomGrpcService(
    WaitroomStore store, QueueFeeds feeds, AdmissionTokens tokens, IOptions<WaitroomOptions> options,
    TimeProvider clock, ILogger<WaitroomGrpcService> logger) : WaitroomService.WaitroomServiceBase
{
    private const int MaxAdmitPerCall = 10_000;
    public const int MaxPresencePerCall = 10_000;

    public override async Task<WaitroomConfig> OpenWaitroom(OpenWaitroomRequest request, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        Require(request.SaleStartsAt is not null && request.SaleEndsAt is not null &&
                request.SaleEndsAt.ToDateTimeOffset() > request.SaleStartsAt.ToDateTimeOffset(),
            "sale_starts_at and sale_ends_at are required, the end after the start.");
        Require(request.AdmitPerSecond is > 0 and <= 100_000, "admit_per_second must be between 1 and 100000.");
        Require(request.MaxAdmitted > 0, "max_admitted must be positive.");
        Require(request.AdmissionTtlSeconds is > 0 and <= 86_400, "admission_ttl_seconds must be between 1 and 86400.");

        var config = new EventWaitroom(request.EventId, request.SaleStartsAt!.ToDateTimeOffset(), request.SaleEndsAt!.ToDateTimeOffset(),
            request.AdmitPerSecond, request.MaxAdmitted, TimeSpan.FromSeconds(request.AdmissionTtlSeconds), DrawAtOpening: request.DrawAtOpening);
        await store.OpenAsync(config);
        logger.LogInformation("Waitroom for event {EventId}: sale {SaleStartsAt:O} to {SaleEndsAt:O}, {AdmitPerSecond}/s, at most {MaxAdmitted} admitted",
            config.EventId, config.SaleStartsAt, config.SaleEndsAt, config.AdmitPerSecond, config.MaxAdmitted);
        return ToMessage(config);
    }

    public override async Task<WaitroomState> SetAdmissionPaused(SetAdmissionPausedRequest request, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        if (!await store.SetPausedAsync(request.EventId, request.Paused))
        {
            throw NoWaitroom(request.EventId);
        }

        logger.LogInformation("Admissions to event {EventId} {PausedOrResumed}", request.EventId, request.Paused ? "paused" : "resumed");
        return await StateAsync(request.EventId);
    }

    public override Task<WaitroomState> GetWaitroomState(WaitroomRef request, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        return StateAsync(request.EventId);
    }

    private async Task<WaitroomState> StateAsync(string eventId)
    {
        var config = await store.GetConfigAsync(eventId) ?? throw NoWaitroom(eventId);
        return new WaitroomState
        {
            Config = ToMessage(config), Paused = config.Paused,
            QueueLength = await store.QueueLengthAsync(eventId), AdmittedNow = await store.AdmittedNowAsync(eventId),
        };
    }

    private static RpcException NoWaitroom(string eventId) => new(new Status(StatusCode.NotFound, $"No waitroom for event {eventId}."));

    private static WaitroomConfig ToMessage(EventWaitroom config) => new()
    {
        EventId = config.EventId, SaleStartsAt = Timestamp.FromDateTimeOffset(config.SaleStartsAt), SaleEndsAt = Timestamp.FromDateTimeOffset(config.SaleEndsAt),
        AdmitPerSecond = config.AdmitPerSecond, MaxAdmitted = config.MaxAdmitted, AdmissionTtlSeconds = (int)config.AdmissionTtl.TotalSeconds,
        DrawAtOpening = config.DrawAtOpening,
    };

    public override async Task<Draw> GetDraw(WaitroomRef request, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        if (await store.GetConfigAsync(request.EventId) is null)
        {
            throw NoWaitroom(request.EventId);
        }

        var draw = await store.GetDrawAsync(request.EventId)
                   ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Event {request.EventId} queues in arrival order; there is no draw."));
        return new Draw
        {
            EventId = request.EventId, Commitment = draw.Commitment, DrawAt = Timestamp.FromDateTimeOffset(draw.DrawAt),
            DrawnAt = draw.DrawnAt is { } at ? Timestamp.FromDateTimeOffset(at) : null, Seed = draw.Seed ?? "", DrawnOrder = { draw.DrawnOrder },
        };
    }

    public override async Task<QueueStatus> Join(JoinRequest request, ServerCallContext context)
    {
        ValidateCustomer(request.EventId, request.CustomerId);
        var status = await store.JoinAsync(request.EventId, request.CustomerId);
        return await ToMessageAsync(request.EventId, request.CustomerId, status);
    }

    public override async Task<QueueStatus> GetPosition(CustomerRef request, ServerCallContext context)
    {
        ValidateCustomer(request.EventId, request.CustomerId);
        var status = await store.StatusAsync(request.EventId, request.CustomerId, recordActivity: true);
        return await ToMessageAsync(request.EventId, request.CustomerId, status);
    }

    public override async Task<QueueStatus> OpenStream(OpenStreamRequest request, ServerCallContext context)
    {
        ValidateCustomer(request.EventId, request.CustomerId);
        RequireId(request.StreamId, "stream_id");
        var status = await store.StatusAsync(request.EventId, request.CustomerId, recordActivity: true);
        var message = await ToMessageAsync(request.EventId, request.CustomerId, status);
        if (status.Kind == StatusKind.Waiting)
        {
            await store.AnnounceStreamAsync(request.EventId, request.CustomerId, request.StreamId);
        }

        return message;
    }

    public override async Task WatchQueue(WatchQueueRequest request, IServerStreamWriter<QueueFeedMessage> responseStream, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        if (await store.GetConfigAsync(request.EventId) is null)
        {
            throw NoWaitroom(request.EventId);
        }

        using var subscription = await feeds.SubscribeAsync(request.EventId);
        try
        {
            await foreach (var message in subscription.Messages.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The edge's last stream for the event closed, or the edge went away.
        }
    }

    public override async Task<RecordPresenceResponse> RecordPresence(RecordPresenceRequest request, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        Require(request.CustomerIds.Count <= MaxPresencePerCall, $"At most {MaxPresencePerCall} customers per call.");
        foreach (var customerId in request.CustomerIds)
        {
            RequireId(customerId, "customer_ids");
        }

        await store.RecordPresenceAsync(request.EventId, request.CustomerIds);
        return new RecordPresenceResponse();
    }

    public override async Task<LeaveResponse> Leave(CustomerRef request, ServerCallContext context)
    {
        ValidateCustomer(request.EventId, request.CustomerId);
        return new LeaveResponse { Left = await store.LeaveAsync(request.EventId, request.CustomerId) };
    }

    public override async Task<AdmitNextResponse> AdmitNext(AdmitNextRequest request, ServerCallContext context)
    {
        RequireId(request.EventId, "event_id");
        Require(request.N is > 0 and <= MaxAdmitPerCall, $"n must be between 1 and {MaxAdmitPerCall}.");
        var result = await store.AdmitAsync(request.EventId, request.N, rateLimited: false);
        if (result.UnknownEvent)
        {
            throw NoWaitroom(request.EventId);
        }

        if (result.NotStarted)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The sale for event {request.EventId} has not started."));
        }

        var response = new AdmitNextResponse { AdmittedNow = result.Admitted.Count, StillWaiting = await store.QueueLengthAsync(request.EventId) };
        response.AdmittedCustomerIds.AddRange(result.Admitted);
        return response;
    }

    public override async Task<ValidateAdmissionResponse> ValidateAdmission(ValidateAdmissionRequest request, ServerCallContext context)
    {
        var claims = tokens.Read(request.AdmissionToken);
        if (claims is null || claims.ExpiresAt <= clock.GetUtcNow())
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The admission token is invalid or has expired."));
        }

        if (!string.IsNullOrEmpty(request.EventId) && request.EventId != claims.EventId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The admission token is for another event."));
        }

        var admission = await store.AdmissionAsync(claims.EventId, claims.CustomerId);
        if (admission is null || admission.Nonce != claims.Nonce)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The admission is no longer valid."));
        }

        return new ValidateAdmissionResponse
        {
            EventId = claims.EventId, CustomerId = claims.CustomerId, ExpiresAt = Timestamp.FromDateTimeOffset(claims.ExpiresAt),
        };
    }

    public override async Task<CompleteAdmissionResponse> CompleteAdmission(CustomerRef request, ServerCallContext context)
    {
        ValidateCustomer(request.EventId, request.CustomerId);
        var completed = await store.CompleteAdmissionAsync(request.EventId, request.CustomerId);
        if (completed)
        {
            logger.LogInformation("Admission of {CustomerId} to {EventId} completed", request.CustomerId, request.EventId);
        }

        return new CompleteAdmissionResponse { Completed = completed };
    }

    public override async Task<PurgeInactiveResponse> PurgeInactive(PurgeInactiveRequest request, ServerCallContext context)
    {
        Require(request.Limit is > 0 and <= 100_000, "limit must be between 1 and 100000.");
        var response = new PurgeInactiveResponse();
        foreach (var eventId in await store.OpenEventIdsAsync())
        {
            var (removed, expired) = await store.PurgeAsync(eventId, options.Value.InactivityTimeout, request.Limit);
            response.CustomersRemoved += removed;
            response.AdmissionsExpired += expired;
            if (removed + expired > 0)
            {
                logger.LogInformation("Purged event {EventId}: {Removed} inactive customers, {Expired} lapsed admissions", eventId, removed, expired);
            }
        }

        return response;
    }

    private async Task<QueueStatus> ToMessageAsync(string eventId, string customerId, CustomerStatus status)
    {
        var message = new QueueStatus { EventId = eventId, CustomerId = customerId };
        switch (status.Kind)
        {
            case StatusKind.UnknownEvent:
                throw NoWaitroom(eventId);
            case StatusKind.Closed:
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The sale for event {eventId} is over."));
            case StatusKind.NotQueued:
                throw new RpcException(new Status(StatusCode.NotFound, $"Customer {customerId} is not in the queue for event {eventId}; join first."));
            case StatusKind.Admitted:
                var admission = await store.AdmissionAsync(eventId, customerId)
                                ?? throw new RpcException(new Status(StatusCode.Unavailable, "Admission lapsed while reading it; retry."));
                message.State = QueueState.Admitted;
                message.AdmissionToken = tokens.Issue(new AdmissionClaims(eventId, customerId, admission.ExpiresAt, admission.Nonce));
                message.AdmissionExpiresAt = Timestamp.FromDateTimeOffset(admission.ExpiresAt);
                break;
            case StatusKind.AwaitingDraw:
                message.State = QueueState.AwaitingDraw;
                message.DrawEntry = status.Ticket;
                message.QueueLength = status.QueueLength;
                message.DrawAt = Timestamp.FromDateTimeOffset(status.DrawAt!.Value);
                break;
            default:
                message.State = QueueState.Waiting;
                message.Ticket = status.Ticket;
                message.Position = status.Position;
                message.QueueLength = status.QueueLength;
                break;
        }

        return message;
    }

    private static void ValidateCustomer(string eventId, string customerId)
    {
        RequireId(eventId, "event_id");
        RequireId(customerId, "customer_id");
    }

    /// <summary>Ids travel inside Pub/Sub messages and tokens, so they are restricted to a safe alphabet.</summary>
    private static void RequireId(string value, string field) =>
        Require(SafeId().IsMatch(value), $"{field} must be 1 to 64 letters, digits, '-' or '_'.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeId();
}
