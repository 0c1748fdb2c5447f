using Grpc.Core;
using Serilog;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Functions.Common;
using TicketBottle.Logging;
using TicketBottle.ServiceIdentity;

namespace TicketBottle.Functions.Analytics;

/// <summary>
/// EventBridge schedule (daily) → for every published event on sale or still to happen, its sales as CSV in S3 and a
/// mail with the link to its organizer. One report per event and venue-local day: a second run the same day skips
/// what exists, so a retried or repeated invocation mails nobody twice. One event failing does not stop the others.
/// </summary>
public sealed class AnalyticsFunction
{
    private const int PageSize = 100;
    private readonly AnalyticsOptions _options;
    private readonly EventService.EventServiceClient _events;
    private readonly InventoryService.InventoryServiceClient _inventory;
    private readonly UserService.UserServiceClient _users;
    private readonly ReportStore _store;
    private readonly ReportMailer _mailer;
    private readonly ILogger _logger;
    private readonly EmbeddedMetrics _metrics = new("analytics");

    public AnalyticsFunction()
        : this(AnalyticsOptions.FromEnvironment(), null)
    {
    }

    public AnalyticsFunction(AnalyticsOptions options, ILogger? logger)
    {
        _options = options;
        _logger = logger ?? JsonLogging.CreateLogger("analytics");
        var channels = new CoreServiceChannels(Callers.Analytics, options.ServiceIdentityKey);
        _events = new EventService.EventServiceClient(channels.For(options.EventServiceUrl));
        _inventory = new InventoryService.InventoryServiceClient(channels.For(options.InventoryServiceUrl));
        _users = new UserService.UserServiceClient(channels.For(options.UserServiceUrl));
        _store = new ReportStore(ReportStore.CreateClient(options), options);
        _mailer = new ReportMailer(options.Smtp);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var trigger = await LambdaStreams.ReadAsync(input, FunctionJsonContext.Default.ScheduledEvent);
        var (reported, skipped, failed) = (0, 0, 0);
        using (FunctionTelemetry.Start("analytics", System.Diagnostics.ActivityKind.Internal))
        {
            var now = DateTimeOffset.UtcNow;
            await foreach (var e in EventsToReportAsync(now))
            {
                try
                {
                    if (await ReportAsync(e, now))
                    {
                        reported++;
                    }
                    else
                    {
                        skipped++;
                    }
                }
                catch (Exception ex) when (ex is RpcException or Amazon.Runtime.AmazonServiceException or MailKit.CommandException or IOException)
                {
                    failed++;
                    _logger.ForContext("event_id", e.EventId).Error(ex, "Sales report for event {EventId} failed; the next run tries again", e.EventId);
                }
            }
        }

        FunctionTelemetry.Flush();
        _metrics.Count(new Dictionary<string, long> { ["ReportsSent"] = reported, ["ReportsSkipped"] = skipped, ["ReportsFailed"] = failed });
        _logger.ForContext("trigger_id", trigger?.Id).Information("Sales reports: {Reported} sent, {Skipped} already sent today, {Failed} failed",
            reported, skipped, failed);
        return LambdaStreams.Write(new AnalyticsSummary(trigger?.Id, reported, skipped, failed), AnalyticsJsonContext.Default.AnalyticsSummary);
    }

    /// <summary>False when today's report exists already.</summary>
    private async Task<bool> ReportAsync(Event e, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(e.Venue.TimeZone)).DateTime);
        var key = ReportStore.KeyFor(e.EventId, day);
        if (await _store.ExistsAsync(key, CancellationToken.None))
        {
            return false;
        }

        var availability = await _inventory.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = e.EventId, IncludeHoldCounts = true },
            deadline: Deadline());
        var organizer = await _users.GetUserAsync(new GetUserRequest { UserId = e.OrganizerId }, deadline: Deadline());
        // Mail first, then store: a failed mail leaves no report behind, so the next run sends it (a mail after a failed
        // store is sent again then; the Message-ID lets a mail server drop the copy).
        var link = await _store.LinkAsync(key);
        await _mailer.SendAsync(organizer.Email, e, day, availability, link, _options.LinkLifetime, CancellationToken.None);
        await _store.SaveAsync(key, SalesReport.Csv(availability), CancellationToken.None);
        _logger.ForContext("event_id", e.EventId).Information("Sales report {Key} mailed to the organizer of event {EventId}", key, e.EventId);
        return true;
    }

    /// <summary>Published events with an organizer whose sale has opened and whose day has not passed.</summary>
    private async IAsyncEnumerable<Event> EventsToReportAsync(DateTimeOffset now)
    {
        var token = "";
        do
        {
            var page = await _events.ListOrganizerEventsAsync(new ListOrganizerEventsRequest { PageSize = PageSize, PageToken = token }, deadline: Deadline());
            foreach (var e in page.Events.Where(e => e.Status == EventStatus.Published && e.OrganizerId.Length > 0
                         && e.SaleStartsAt.ToDateTimeOffset() <= now && e.StartsAt.ToDateTimeOffset() > now.AddDays(-1)))
            {
                yield return e;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);
    }

    private DateTime Deadline() => DateTime.UtcNow + _options.CallDeadline;
}
