using Microsoft.Extensions.Options;

namespace TicketBottle.Payment;

/// <summary>Runs the dispatcher in a loop: immediately again while there is a backlog, with capped backoff on failure.</summary>
public sealed class OutboxRelayService(
    OutboxRelay dispatcher, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxRelayService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = settings.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await dispatcher.RelayBatchAsync(settings.BatchSize, stoppingToken);
                backoff = settings.PollInterval;
                if (published > 0)
                {
                    logger.LogInformation("Published {PublishedCount} outbox events", published);
                }

                if (published == settings.BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
                logger.LogError(ex, "Outbox publish failed; retrying in {BackoffMs} ms", backoff.TotalMilliseconds);
            }

            await Task.Delay(backoff, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
