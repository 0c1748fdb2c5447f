using System.Collections.Concurrent;

namespace TicketBottle.ServiceIdentity;

/// <summary>
/// What a token proved, remembered by the token's exact string until a given time, so a token presented again is a
/// dictionary read instead of a signature check. Only tokens that passed every check go in. About
/// <paramref name="capacity"/> entries at most (racing writers may pass it by a few): a full memo first drops what has
/// lapsed, and remembers nothing new while still full.
/// </summary>
public sealed class VerifiedTokenMemo<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTime Until)> _entries = new(StringComparer.Ordinal);
    // Counted here: ConcurrentDictionary.Count takes every lock of the dictionary, and asking it on each new token made
    // the Gateway's threads queue on those locks (7 % of its CPU samples while 10,000 customers joined).
    private int _count;

    public int Count => Volatile.Read(ref _count);

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
        if (Count >= capacity)
        {
            foreach (var (lapsed, _) in _entries.Where(e => e.Value.Until <= now))
            {
                if (_entries.TryRemove(lapsed, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }

        if (_entries.ContainsKey(token))
        {
            _entries[token] = (value, until);
        }
        else if (Count < capacity && _entries.TryAdd(token, (value, until)))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
