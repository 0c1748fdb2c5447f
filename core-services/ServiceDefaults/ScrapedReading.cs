using System.Data.Common;

namespace TicketBottle.ServiceDefaults;

/// <summary>
/// A database read behind observable gauges: at most one query per <paramref name="maxAge"/> however many gauges and
/// scrapers ask, and no value (not a failed scrape) while the database does not answer.
/// </summary>
public sealed class ScrapedReading<T>(Func<T> read, TimeProvider clock, TimeSpan maxAge) where T : class
{
    private readonly Lock _gate = new();
    private T? _last;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public T? Read()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _readAt < maxAge)
            {
                return _last;
            }

            try
            {
                _last = read();
            }
            catch (Exception ex) when (ex is DbException or TimeoutException or ObjectDisposedException)
            {
                _last = null;
            }

            _readAt = now;
            return _last;
        }
    }
}
