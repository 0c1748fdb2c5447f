using Microsoft.Extensions.Options;

namespace TicketBottle.Order;

/// <summary>Republishes events whose fast-path publish didn't complete (broker down, pod killed after the write).</summary>
public sealed class OutboxRelay(IOrderStore store, OutboxPublisher publisher, IOptions<OrderOptions> options,
    TimeProvider clock, ILogger<OutboxRelay> logger) : BackgroundService
{
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var ids = await store.FindUnpublishedAsync(clock.GetUtcNow() - options.Value.OutboxRelayAge, 100, cancellationToken);
        var published = 0;
        foreach (var orderId in ids)
        {
            if (await store.GetPendingEventAsync(orderId, cancellationToken) is { } pending
                && await publisher.TryPublishAsync(pending, cancellationToken))
            {
                published++;
            }
        }

        return published;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxRelayInterval, clock);
        do
        {
            try
            {
                if (await RelayOnceAsync(stoppingToken) is > 0 and var count)
                {
                    logger.LogInformation("Outbox relay published {PublishedCount} order events", count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Order outbox relay pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
