namespace TicketBottle.Gateway;

/// <summary>
/// The Retry-After of a request this pod sheds (503). A fixed second brings a busy second's whole shed herd back
/// together one second later, to be shed again: the 10,000-customer on-sale shed ~60,000 joins that way, six for every
/// join answered, and each shed request still costs a parse, a token check and an answer. Instead the retries of a
/// busy second are spread over as many seconds as this pod needs to answer them at the pace it answered the second
/// before: a random whole number from 1 to 1 + shed ÷ answered, at most <see cref="MaxSeconds"/> (a customer in
/// an on-sale rush should not be sent away for long: the first run with a 30 s cap had joins waiting 38 s at the median).
/// </summary>
public sealed class RetryPacing(TimeProvider clock)
{
    public const int MaxSeconds = 10;

    private readonly Lock _gate = new();
    private long _second;
    private int _answered;
    private int _shed;
    private int _answeredBefore;
    private int _shedBefore;

    /// <summary>A request got past the pod's cap and is being worked on.</summary>
    public void Answered()
    {
        Roll();
        Interlocked.Increment(ref _answered);
    }

    /// <summary>Counts a shed request and says when its client should try again.</summary>
    public int RetryAfterSeconds()
    {
        Roll();
        Interlocked.Increment(ref _shed);
        var spread = Math.Min(MaxSeconds, 1 + Volatile.Read(ref _shedBefore) / Math.Max(1, Volatile.Read(ref _answeredBefore)));
        return 1 + Random.Shared.Next(spread);
    }

    /// <summary>At a new second the counts become "the second before" (or nothing, after a quiet second).</summary>
    private void Roll()
    {
        var second = clock.GetUtcNow().ToUnixTimeSeconds();
        if (second == Volatile.Read(ref _second))
        {
            return;
        }

        lock (_gate)
        {
            if (second == _second)
            {
                return;
            }

            // Counts racing with the roll may land in either second: a pace, not a ledger.
            var consecutive = second == _second + 1;
            var answered = Interlocked.Exchange(ref _answered, 0);
            var shed = Interlocked.Exchange(ref _shed, 0);
            Volatile.Write(ref _answeredBefore, consecutive ? answered : 0);
            Volatile.Write(ref _shedBefore, consecutive ? shed : 0);
            Volatile.Write(ref _second, second);
        }
    }
}
