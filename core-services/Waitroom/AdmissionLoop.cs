using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TicketBottle.Waitroom;

/// <summary>
/// Lets customers in, on every pod: the Lua script's shared token bucket keeps the event's rate no matter how many
/// pods run this loop, and max_admitted caps how many are shopping at once.
/// </summary>
public sealed class AdmissionLoop(WaitroomStore store, IOptions<WaitroomOptions> options, TimeProvider clock, ILogger<AdmissionLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AdmissionLoopInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var eventId in await store.OpenEventIdsAsync())
                {
                    var config = await store.GetConfigAsync(eventId);
                    if (config is null || clock.GetUtcNow() < config.SaleStartsAt || clock.GetUtcNow() >= config.SaleEndsAt)
                    {
                        WaitroomMetrics.Forget(eventId);
                        continue;
                    }

                    // The draw happens at the opening even when admissions are paused: the lobby gets its places.
                    if (config.DrawAtOpening && config.DrawnAt is null && await store.DrawAsync(eventId) is { } placed)
                    {
                        logger.LogInformation("Fair start of event {EventId} drawn: {PlacedCount} entries placed in the queue", eventId, placed);
                    }

                    if (config.Paused)
                    {
                        continue;
                    }

                    var result = await store.AdmitAsync(eventId, config.AdmitPerSecond, rateLimited: true);
                    if (result.Admitted.Count > 0)
                    {
                        WaitroomMetrics.AdmittedTo(eventId, result.Admitted.Count);
                        logger.LogInformation("Admitted {AdmittedCount} customers to event {EventId}", result.Admitted.Count, eventId);
                    }

                    WaitroomMetrics.QueueLength(eventId, await store.QueueLengthAsync(eventId));
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Admission round failed; next tick retries");
            }
        }
    }
}
