using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace TicketBottle.Bench.Load;

public sealed record EndpointSummary(string Endpoint, long Requests, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

public sealed record SecondSample(int Second, string Endpoint, long Requests, double P50Ms, double P99Ms);

/// <summary>Latency per endpoint (HdrHistogram, microseconds), overall and per second of the run, plus errors by kind.</summary>
public sealed class Recorder
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, LongHistogram> _overall = new();
    private readonly ConcurrentDictionary<(string, int), LongHistogram> _perSecond = new();
    private readonly ConcurrentDictionary<string, long> _errors = new();

    public TimeSpan Elapsed => _clock.Elapsed;

    public async Task<T> TimeAsync<T>(string endpoint, Func<Task<T>> call)
    {
        var started = _clock.Elapsed;
        try
        {
            return await call();
        }
        finally
        {
            Record(endpoint, started, _clock.Elapsed - started);
        }
    }

    public void Record(string endpoint, TimeSpan startedAt, TimeSpan duration)
    {
        var micros = Math.Max(1, (long)duration.TotalMicroseconds);
        Add(_overall.GetOrAdd(endpoint, _ => New()), micros);
        Add(_perSecond.GetOrAdd((endpoint, (int)startedAt.TotalSeconds), _ => New()), micros);
    }

    public void Error(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public long TotalRequests => _overall.Values.Sum(h => h.TotalCount);

    public List<EndpointSummary> Summaries() => _overall.OrderBy(e => e.Key).Select(e => new EndpointSummary(e.Key, e.Value.TotalCount,
        Ms(e.Value, 50), Ms(e.Value, 95), Ms(e.Value, 99), e.Value.GetMaxValue() / 1000.0)).ToList();

    public List<SecondSample> Timeline() => _perSecond.OrderBy(e => e.Key.Item2).ThenBy(e => e.Key.Item1)
        .Select(e => new SecondSample(e.Key.Item2, e.Key.Item1, e.Value.TotalCount, Ms(e.Value, 50), Ms(e.Value, 99))).ToList();

    private static LongHistogram New() => new(TimeSpan.FromMinutes(10).Ticks / 10, 3);

    private static void Add(LongHistogram histogram, long micros)
    {
        lock (histogram)
        {
            histogram.RecordValue(Math.Min(micros, histogram.HighestTrackableValue));
        }
    }

    private static double Ms(LongHistogram histogram, double percentile)
    {
        lock (histogram)
        {
            return histogram.GetValueAtPercentile(percentile) / 1000.0;
        }
    }
}
