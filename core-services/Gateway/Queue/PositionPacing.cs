namespace TicketBottle.Gateway.Queue;

/// <summary>
/// Which queue moves a stream writes at once. Near the front, every move. Further back, a move of at least a twentieth
/// of the place last written (at 6,000th, 300 places); a smaller move waits for the stream's own second in each
/// <see cref="QuietLimit"/> (its heartbeat slot), when the feed's heartbeat writes the newest place: a number that
/// ticks down by 30 every second tells a customer minutes away nothing the page's estimate does not, and each write is
/// a send for the Gateway and a wake-up for the customer's phone. Waiting for the stream's own second spreads those
/// writes evenly: deciding by the time since the last write instead made every stream due at once after the queue had
/// stood still, and bench/Waitroom's first batch then wrote to all 10,000 streams in one go.
/// </summary>
public static class PositionPacing
{
    public static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    /// <summary>Whether the customer last told <paramref name="written"/> hears of <paramref name="position"/> at once.</summary>
    public static bool IsWorthWritingAtOnce(long written, long position) =>
        position < written && written - position >= Math.Max(1, written / 20);

    /// <summary>Whether the stream in heartbeat slot <paramref name="slot"/> writes a move held back on the feed's tick <paramref name="tick"/> (one a second).</summary>
    public static bool IsQuietTurn(int slot, long tick) => slot % QuietSeconds == tick % QuietSeconds;

    private static int QuietSeconds => (int)QuietLimit.TotalSeconds;
}
