using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TicketBottle.Waitroom;

/// <summary>Records, one write per event, that the customers streaming from this pod are still there.</summary>
public sealed class PresenceWriter(WaitroomStore store, PositionBroadcaster broadcaster, IOptions<WaitroomOptions> options,
    TimeProvider clock, ILogger<PresenceWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var (eventId, customerIds) in broadcaster.Watching())
                {
                    await store.RecordPresenceAsync(eventId, customerIds);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Presence write failed; next tick retries");
            }
        }
    }
}
