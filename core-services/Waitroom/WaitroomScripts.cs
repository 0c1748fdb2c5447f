namespace TicketBottle.Waitroom;

/// <summary>
/// Every state change is one Lua script, so Redis runs it atomically: two admission loops can't pop the same
/// customer, a join can't interleave with an admission, and the notification is published with the change.
/// Keys follow <see cref="WaitroomKeys.All"/>: 1 config, 2 seq, 3 queue, 4 admitted, 5 tokens, 6 seen, 7 lobby.
/// Times are milliseconds since the Unix epoch, passed in by the service (its TimeProvider), not Redis TIME.
/// </summary>
public static class WaitroomScripts
{
    /// <summary>
    /// ARGV: customer, now. Returns {-1} unknown event, {-2} closed, {2} admitted, {3, entry, entries, draw-at} in a
    /// fair start's lobby (before its draw), or {1, ticket, rank, length}.
    /// </summary>
    public const string Join = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
        local now = tonumber(ARGV[2])
        local cfg = redis.call('HMGET', KEYS[1], 'ends_ms', 'draw', 'drawn_ms', 'starts_ms')
        if now >= tonumber(cfg[1]) then return {-2} end
        local admittedUntil = redis.call('ZSCORE', KEYS[4], ARGV[1])
        if admittedUntil and tonumber(admittedUntil) > now then return {2} end
        local ticket = redis.call('ZSCORE', KEYS[3], ARGV[1])
        if not ticket and cfg[2] == '1' and not cfg[3] then
          local entry = redis.call('ZSCORE', KEYS[7], ARGV[1])
          if not entry then
            entry = redis.call('HINCRBY', KEYS[1], 'lobby_seq', 1)
            redis.call('ZADD', KEYS[7], entry, ARGV[1])
          end
          return {3, tonumber(entry), redis.call('ZCARD', KEYS[7]), tonumber(cfg[4])}
        end
        if not ticket then
          ticket = redis.call('INCR', KEYS[2])
          redis.call('ZADD', KEYS[3], ticket, ARGV[1])
        end
        redis.call('ZADD', KEYS[6], now, ARGV[1])
        return {1, tonumber(ticket), redis.call('ZRANK', KEYS[3], ARGV[1]), redis.call('ZCARD', KEYS[3])}
        """;

    /// <summary>ARGV: customer, now, touch (1 = record the poll as activity). Same result shape as Join, {0} if not queued.</summary>
    public const string Status = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
        local now = tonumber(ARGV[2])
        local admittedUntil = redis.call('ZSCORE', KEYS[4], ARGV[1])
        if admittedUntil and tonumber(admittedUntil) > now then return {2} end
        local ticket = redis.call('ZSCORE', KEYS[3], ARGV[1])
        if not ticket then
          local entry = redis.call('ZSCORE', KEYS[7], ARGV[1])
          if entry then return {3, tonumber(entry), redis.call('ZCARD', KEYS[7]), tonumber(redis.call('HGET', KEYS[1], 'starts_ms'))} end
          return {0}
        end
        if ARGV[3] == '1' then redis.call('ZADD', KEYS[6], now, ARGV[1]) end
        return {1, tonumber(ticket), redis.call('ZRANK', KEYS[3], ARGV[1]), redis.call('ZCARD', KEYS[3])}
        """;

    /// <summary>
    /// ARGV: n, now, rate-limited (1/0), then one nonce per customer that may be admitted. Pops the lowest tickets,
    /// at most n, never past max_admitted live admissions and, for the loop, never faster than the event's rate
    /// (a token bucket with one second of burst, shared by every pod). Returns {-1} unknown, {-3} sale not started
    /// (or its fair start not drawn yet), or {count, customer…}; publishes "admitted:c1,c2,…" on the event channel.
    /// </summary>
    public const string Admit = """
        local now = tonumber(ARGV[2])
        local cfg = redis.call('HMGET', KEYS[1], 'starts_ms', 'rate', 'max_admitted', 'ttl_ms', 'bucket_ms', 'channel', 'draw', 'drawn_ms')
        if not cfg[1] then return {-1} end
        if now < tonumber(cfg[1]) or (cfg[7] == '1' and not cfg[8]) then return {-3} end
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
        local take = math.min(tonumber(ARGV[1]), tonumber(cfg[3]) - redis.call('ZCARD', KEYS[4]), #ARGV - 3)
        local rate = tonumber(cfg[2])
        local bucket = math.max(tonumber(cfg[5]) or 0, now - 1000)
        if ARGV[3] == '1' then take = math.min(take, math.floor((now - bucket) * rate / 1000)) end
        if take <= 0 then return {0} end
        local popped = redis.call('ZPOPMIN', KEYS[3], take)
        local result = {#popped / 2}
        local ttl = tonumber(cfg[4])
        for i = 1, #popped, 2 do
          local customer = popped[i]
          redis.call('ZADD', KEYS[4], now + ttl, customer)
          redis.call('HSET', KEYS[5], customer, ARGV[3 + (i + 1) / 2] .. '|' .. (now + ttl) .. '|' .. popped[i + 1])
          redis.call('ZREM', KEYS[6], customer)
          table.insert(result, customer)
        end
        if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'bucket_ms', bucket + (#popped / 2) * 1000 / rate) end
        if #popped > 0 then
          table.remove(result, 1)
          redis.call('PUBLISH', cfg[6], 'admitted:' .. table.concat(result, ','))
          table.insert(result, 1, #popped / 2)
        end
        return result
        """;

    /// <summary>
    /// No ARGV. Returns {last ticket handed out, queue length, start, length, start, length…}: the queue's tickets as
    /// runs of consecutive tickets, read in one pass (a few milliseconds for 50,000 queued).
    /// </summary>
    public const string Snapshot = """
        local result = {tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('ZCARD', KEYS[3])}
        local entries = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
        local start, previous = nil, nil
        for i = 2, #entries, 2 do
          local ticket = tonumber(entries[i])
          if previous == nil or ticket ~= previous + 1 then
            if start then
              table.insert(result, start)
              table.insert(result, previous - start + 1)
            end
            start = ticket
          end
          previous = ticket
        end
        if start then
          table.insert(result, start)
          table.insert(result, previous - start + 1)
        end
        return result
        """;

    /// <summary>
    /// A fair start's draw. ARGV: now, the lobby's size the order was drawn from, the drawn order of entries (comma
    /// separated, for publication), then the lobby's customers in that order. They get the next tickets in that order
    /// and the lobby closes. Returns the number placed, -1 if already drawn, -2 if the lobby changed since it was read.
    /// </summary>
    public const string Draw = """
        if redis.call('HGET', KEYS[1], 'drawn_ms') then return -1 end
        if redis.call('ZCARD', KEYS[7]) ~= tonumber(ARGV[2]) then return -2 end
        for i = 4, #ARGV do
          redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[2]), ARGV[i])
          redis.call('ZADD', KEYS[6], ARGV[1], ARGV[i])
        end
        redis.call('HSET', KEYS[1], 'drawn_ms', ARGV[1], 'drawn_order', ARGV[3])
        redis.call('DEL', KEYS[7])
        redis.call('PUBLISH', redis.call('HGET', KEYS[1], 'channel'), 'moved')
        return #ARGV - 3
        """;

    /// <summary>ARGV: customer. Returns 1 if the customer was queued; publishes "moved" so positions behind shrink.</summary>
    public const string Leave = """
        redis.call('ZREM', KEYS[7], ARGV[1])
        local removed = redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZREM', KEYS[6], ARGV[1])
        if removed == 1 then redis.call('PUBLISH', redis.call('HGET', KEYS[1], 'channel'), 'moved') end
        return removed
        """;

    /// <summary>ARGV: customer. Returns 1 if a live admission ended; its slot under max_admitted is free at once.</summary>
    public const string Complete = """
        redis.call('HDEL', KEYS[5], ARGV[1])
        return redis.call('ZREM', KEYS[4], ARGV[1])
        """;

    /// <summary>ARGV: inactive-before, now, limit. Returns {customers removed, admissions expired}.</summary>
    public const string Purge = """
        local stale = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, customer in ipairs(stale) do
          redis.call('ZREM', KEYS[3], customer)
          redis.call('ZREM', KEYS[6], customer)
        end
        local lapsed = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, customer in ipairs(lapsed) do
          redis.call('ZREM', KEYS[4], customer)
          redis.call('HDEL', KEYS[5], customer)
        end
        if #stale > 0 then redis.call('PUBLISH', redis.call('HGET', KEYS[1], 'channel'), 'moved') end
        return {#stale, #lapsed}
        """;
}
