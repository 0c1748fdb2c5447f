using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Waitroom;

public sealed class WaitroomStore(IConnectionMultiplexer redis, TimeProvider clock)
{
    private IDatabase Db => redis.GetDatabase();

    public async Task OpenAsync(EventWaitroom config)
    {
        var keys = new WaitroomKeys(config.EventId);
        await Db.HashSetAsync(keys.Config,
        [
            new HashEntry("starts_ms", config.SaleStartsAt.ToUnixTimeMilliseconds()),
            new HashEntry("ends_ms", config.SaleEndsAt.ToUnixTimeMilliseconds()),
            new HashEntry("rate", config.AdmitPerSecond),
            new HashEntry("max_admitted", config.MaxAdmitted),
            new HashEntry("ttl_ms", (long)config.AdmissionTtl.TotalMilliseconds),
            new HashEntry("channel", keys.Channel.ToString()),
            new HashEntry("draw", config.DrawAtOpening ? 1 : 0),
        ]);
        if (config.DrawAtOpening)
        {
            // The seed is drawn once; the commitment is published from then on, the seed only after the draw.
            var seed = FairStartDraw.NewSeed();
            if (await Db.HashSetAsync(keys.Config, "draw_seed", seed, When.NotExists))
            {
                await Db.HashSetAsync(keys.Config, "draw_commitment", FairStartDraw.Commitment(seed));
            }
        }

        await Db.SetAddAsync(WaitroomKeys.OpenEvents, config.EventId);
    }

    public async Task<EventWaitroom?> GetConfigAsync(string eventId)
    {
        var values = await Db.HashGetAsync(new WaitroomKeys(eventId).Config,
            ["starts_ms", "ends_ms", "rate", "max_admitted", "ttl_ms", "paused", "draw", "drawn_ms"]);
        if (values[0].IsNull)
        {
            return null;
        }

        return new EventWaitroom(eventId, DateTimeOffset.FromUnixTimeMilliseconds((long)values[0]),
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[1]), (int)values[2], (int)values[3], TimeSpan.FromMilliseconds((long)values[4]),
            values[5] == 1, values[6] == 1, values[7].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)values[7]));
    }

    /// <summary>
    /// Draws the fair start's lobby into the queue. Null when another pod drew first; otherwise how many were placed.
    /// </summary>
    public async Task<int?> DrawAsync(string eventId)
    {
        var keys = new WaitroomKeys(eventId);
        // The lobby may change between reading it and the script (a join, a leave): the script refuses, read again.
        for (var attempt = 0; ; attempt++)
        {
            var seed = (string)(await Db.HashGetAsync(keys.Config, "draw_seed"))!;
            var lobby = await Db.SortedSetRangeByRankWithScoresAsync(keys.Lobby);
            var byEntry = lobby.ToDictionary(e => (long)e.Score, e => e.Element);
            var order = FairStartDraw.Order(seed, byEntry.Keys);
            RedisValue[] arguments =
            [
                NowMs(), lobby.Length, string.Join(',', order.Select(e => e.ToString(CultureInfo.InvariantCulture))),
                .. order.Select(e => byEntry[e]),
            ];
            switch ((long)await Db.ScriptEvaluateAsync(WaitroomScripts.Draw, keys.All, arguments))
            {
                case -1:
                    return null;
                case -2 when attempt < 10:
                    continue;
                case -2:
                    throw new InvalidOperationException($"The lobby of event {eventId} kept changing while drawing it.");
                case var placed:
                    return (int)placed;
            }
        }
    }

    /// <summary>Null when the event has no fair start.</summary>
    public async Task<DrawRecord?> GetDrawAsync(string eventId)
    {
        var values = await Db.HashGetAsync(new WaitroomKeys(eventId).Config, ["draw", "draw_commitment", "starts_ms", "drawn_ms", "draw_seed", "drawn_order"]);
        if (values[0] != 1)
        {
            return null;
        }

        var drawn = !values[3].IsNull;
        return new DrawRecord((string)values[1]!, DateTimeOffset.FromUnixTimeMilliseconds((long)values[2]),
            drawn ? DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]) : null, drawn ? (string?)values[4] : null,
            drawn ? ((string)values[5]!).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e => long.Parse(e, CultureInfo.InvariantCulture)).ToList() : []);
    }

    /// <summary>False when the event has no waitroom.</summary>
    public async Task<bool> SetPausedAsync(string eventId, bool paused)
    {
        var keys = new WaitroomKeys(eventId);
        // Only an existing waitroom: HSET alone would create a config without a sale window.
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(keys.Config));
        _ = transaction.HashSetAsync(keys.Config, "paused", paused ? 1 : 0);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Customers whose admission has not lapsed.</summary>
    public Task<long> AdmittedNowAsync(string eventId) =>
        Db.SortedSetLengthAsync(new WaitroomKeys(eventId).Admitted, min: NowMs() + 1);

    public async Task<IReadOnlyList<string>> OpenEventIdsAsync() =>
        (await Db.SetMembersAsync(WaitroomKeys.OpenEvents)).Select(v => v.ToString()).ToList();

    public async Task<CustomerStatus> JoinAsync(string eventId, string customerId) =>
        ToStatus((RedisResult[])(await Db.ScriptEvaluateAsync(WaitroomScripts.Join, new WaitroomKeys(eventId).All,
            [customerId, NowMs()]))!);

    public async Task<CustomerStatus> StatusAsync(string eventId, string customerId, bool recordActivity) =>
        ToStatus((RedisResult[])(await Db.ScriptEvaluateAsync(WaitroomScripts.Status, new WaitroomKeys(eventId).All,
            [customerId, NowMs(), recordActivity ? 1 : 0]))!);

    public async Task<bool> LeaveAsync(string eventId, string customerId) =>
        (long)(await Db.ScriptEvaluateAsync(WaitroomScripts.Leave, new WaitroomKeys(eventId).All, [customerId])) == 1;

    public async Task<bool> CompleteAdmissionAsync(string eventId, string customerId) =>
        (long)(await Db.ScriptEvaluateAsync(WaitroomScripts.Complete, new WaitroomKeys(eventId).All, [customerId])) == 1;

    public async Task<AdmitResult> AdmitAsync(string eventId, int n, bool rateLimited)
    {
        // One fresh nonce per customer that may be admitted; the script uses as many as it admits.
        var nonces = Enumerable.Range(0, n).Select(_ => (RedisValue)Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        RedisValue[] arguments = [n, NowMs(), rateLimited ? 1 : 0, .. nonces];
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(WaitroomScripts.Admit, new WaitroomKeys(eventId).All, arguments))!;
        var code = (long)result[0];
        return code switch
        {
            -1 => new AdmitResult(true, false, []),
            -3 => new AdmitResult(false, true, []),
            _ => new AdmitResult(false, false, result.Skip(1).Select(r => r.ToString()).ToList()),
        };
    }

    public async Task<AdmissionRecord?> AdmissionAsync(string eventId, string customerId)
    {
        var keys = new WaitroomKeys(eventId);
        var record = await Db.HashGetAsync(keys.Tokens, customerId);
        var admittedUntil = await Db.SortedSetScoreAsync(keys.Admitted, customerId);
        if (record.IsNull || admittedUntil is null || admittedUntil <= clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return null;
        }

        var parts = record.ToString().Split('|');
        return new AdmissionRecord(parts[0], DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture)));
    }

    /// <summary>The whole queue in one read, as runs of consecutive tickets: one read serves every edge watching the event.</summary>
    public async Task<QueueSnapshot> SnapshotAsync(string eventId)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(WaitroomScripts.Snapshot, new WaitroomKeys(eventId).All))!;
        var snapshot = new QueueSnapshot { LastTicket = (long)result[0], QueueLength = (long)result[1] };
        for (var i = 2; i < result.Length; i += 2)
        {
            snapshot.RunStarts.Add((long)result[i]);
            snapshot.RunLengths.Add((long)result[i + 1]);
        }

        return snapshot;
    }

    /// <summary>Tells every pod's feed that the customer opened a new stream, so their older streams close.</summary>
    public Task AnnounceStreamAsync(string eventId, string customerId, string streamId) =>
        redis.GetSubscriber().PublishAsync(new WaitroomKeys(eventId).Channel, $"{FeedNotices.StreamOpened}{customerId}:{streamId}");

    public Task<long> QueueLengthAsync(string eventId) => Db.SortedSetLengthAsync(new WaitroomKeys(eventId).Queue);

    /// <summary>Marks an edge's streaming customers as present, one write per call.</summary>
    public Task RecordPresenceAsync(string eventId, IEnumerable<string> customerIds)
    {
        var now = NowMs();
        var entries = customerIds.Select(c => new SortedSetEntry(c, now)).ToArray();
        // XX: only customers still queued; an admitted or purged customer must not reappear in the queue's bookkeeping.
        return entries.Length == 0 ? Task.CompletedTask : Db.SortedSetAddAsync(new WaitroomKeys(eventId).Seen, entries, SortedSetWhen.Exists);
    }

    public async Task<(int Removed, int Expired)> PurgeAsync(string eventId, TimeSpan inactivity, int limit)
    {
        var now = clock.GetUtcNow();
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(WaitroomScripts.Purge, new WaitroomKeys(eventId).All,
            [(now - inactivity).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), limit]))!;
        return ((int)result[0], (int)result[1]);
    }

    private long NowMs() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static CustomerStatus ToStatus(RedisResult[] result) => (long)result[0] switch
    {
        -1 => new CustomerStatus(StatusKind.UnknownEvent),
        -2 => new CustomerStatus(StatusKind.Closed),
        0 => new CustomerStatus(StatusKind.NotQueued),
        2 => new CustomerStatus(StatusKind.Admitted),
        3 => new CustomerStatus(StatusKind.AwaitingDraw, (long)result[1], QueueLength: (long)result[2],
            DrawAt: DateTimeOffset.FromUnixTimeMilliseconds((long)result[3])),
        _ => new CustomerStatus(StatusKind.Waiting, (long)result[1], (long)result[2], (long)result[3]),
    };
}
