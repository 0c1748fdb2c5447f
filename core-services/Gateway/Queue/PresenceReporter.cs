using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Queue;

/// <summary>Tells the Waitroom, one call per event and slice, that the customers streaming from this pod are still there.</summary>
public sealed class PresenceReporter(QueueFeeds feeds, WaitroomService.WaitroomServiceClient waitroom, IOptions<QueueStreamOptions> options,
    ILogger<PresenceReporter> logger) : BackgroundService
{
    /// <summary>Well under the Waitroom's limit per call, and a message of a few hundred KiB.</summary>
    private const int CustomersPerCall = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (eventId, customerIds) in feeds.Watching())
            {
                foreach (var slice in customerIds.Chunk(CustomersPerCall))
                {
                    try
                    {
                        var request = new RecordPresenceRequest { EventId = eventId };
                        request.CustomerIds.AddRange(slice);
                        await waitroom.RecordPresenceAsync(request, cancellationToken: stoppingToken);
                    }
                    catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        logger.LogWarning("Presence of {Customers} streaming customers of event {EventId} not recorded ({GrpcStatus}); next round retries",
                            slice.Length, eventId, ex.StatusCode);
                    }
                }
            }
        }
    }
}
