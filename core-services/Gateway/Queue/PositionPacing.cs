namespace TicketBottle.Gateway.Queue;

/// <summary>
/// Which queue moves a stream writes. Near the front, every move. Further back, a move of at least a twentieth of the
/// place last written (at 6,000th, 300 places), or the newest place once <see cref="QuietLimit"/> passed without
/// one: a number that ticks down by 30 every second tells a customer minutes away nothing the page's estimate does
/// not, and each write is a send for the Gateway and a wake-up for the customer's phone. With 10,000 customers queued
/// and 30 admitted a second, this writes about a third of the moves (by the arithmetic; bench/Waitroom's batches of
/// 100 measure 56 %). The quiet limit is checked as snapshots arrive; when the queue stands still, the stream's
/// heartbeat carries the move held back.
/// </summary>
public static class PositionPacing
{
    public static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    /// <summary>Whether the customer last told <paramref name="written"/> hears of <paramref name="position"/> now.</summary>
    public static bool IsWorthWriting(long written, long position, TimeSpan sinceWritten) =>
        position < written && (written - position >= Math.Max(1, written / 20) || sinceWritten >= QuietLimit);
}
