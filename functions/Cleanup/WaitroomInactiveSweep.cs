using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Functions.Cleanup;

public sealed class WaitroomInactiveSweep(CallInvoker channel) : ISweep
{
    private readonly WaitroomService.WaitroomServiceClient _client = new(channel);

    public string Name => "waitroom.purge_inactive";

    public async Task<SweepBatch> RunBatchAsync(int batchSize, DateTime deadline, CancellationToken cancellationToken)
    {
        var response = await _client.PurgeInactiveAsync(new PurgeInactiveRequest { Limit = batchSize },
            deadline: deadline, cancellationToken: cancellationToken);
        return new SweepBatch(response.CustomersRemoved + response.AdmissionsExpired, new Dictionary<string, long>
        {
            ["customers_removed"] = response.CustomersRemoved, ["admissions_expired"] = response.AdmissionsExpired,
        });
    }
}
