using System.Collections.Concurrent;

namespace TicketBottle.ServiceIdentity;

/// <summary>
/// What a token proved, remembered by the token's exact string until a given time, so a token presented again is a
/// dictionary read instead of a signature check. Only tokens that passed every check go in. At most
/// <paramref name="capacity"/> entries: a full memo first drops what has lapsed, and remembers nothing new while still full.
/// </summary>
public sealed class VerifiedTokenMemo<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTime Until)> _entries = new(StringComparer.Ordinal);

    /// <summary>What the token proved, if it is remembered and its time is not up at <paramref name="now"/>.</summary>
    public bool TryGet(string token, DateTime now, out T value)
    {
        if (_entries.TryGetValue(token, out var entry) && entry.Until > now)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Remember(string token, T value, DateTime until, DateTime now)
    {
        if (_entries.Count >= capacity)
        {
            foreach (var lapsed in _entries.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(lapsed, out _);
            }
        }

        if (_entries.Count < capacity)
        {
            _entries[token] = (value, until);
        }
    }
}
