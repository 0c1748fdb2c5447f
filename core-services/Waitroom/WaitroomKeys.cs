using StackExchange.Redis;

namespace TicketBottle.Waitroom;

/// <summary>
/// Key layout. The {event} hash tag keeps every key of one event in one Redis Cluster slot, so each Lua script
/// touches a single shard.
/// </summary>
public readonly record struct WaitroomKeys(string EventId)
{
    public static readonly RedisKey OpenEvents = "wr:events";

    public RedisKey Config => $"wr:{{{EventId}}}:config";
    public RedisKey Sequence => $"wr:{{{EventId}}}:seq";
    public RedisKey Queue => $"wr:{{{EventId}}}:queue";
    public RedisKey Admitted => $"wr:{{{EventId}}}:admitted";
    public RedisKey Tokens => $"wr:{{{EventId}}}:tokens";
    public RedisKey Seen => $"wr:{{{EventId}}}:seen";
    /// <summary>A fair start's entries before its draw: customer → entry number.</summary>
    public RedisKey Lobby => $"wr:{{{EventId}}}:lobby";
    public RedisChannel Channel => RedisChannel.Literal($"wr:{{{EventId}}}:moves");

    public RedisKey[] All => [Config, Sequence, Queue, Admitted, Tokens, Seen, Lobby];
}
