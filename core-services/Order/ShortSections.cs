using System.Collections.Concurrent;

namespace TicketBottle.Order;

/// <summary>
/// Sections that just refused a quantity, remembered for a moment on this pod. Once an on-sale sells out, most orders
/// ask for seats that are gone, and each refusal used to cost a stored order, a purchase reservation, a hold attempt,
/// its cancellation and an event (most of the Order service's CPU in the 10,000-customer run). A request for at least
/// the refused quantity within <see cref="Memory"/> is refused at once, before anything is stored. Seats that come back
/// (an expired or released hold) are offered again at most that late.
/// </summary>
public sealed class ShortSections(TimeProvider clock)
{
    public static readonly TimeSpan Memory = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<(string EventId, string SectionId), Shortage> _shortages = new();

    /// <summary>Inventory could not hold <paramref name="quantity"/> seats of the section just now.</summary>
    public void Refused(string eventId, string sectionId, int quantity)
    {
        var now = clock.GetUtcNow();
        _shortages.AddOrUpdate((eventId, sectionId), new Shortage(quantity, now),
            (_, known) => new Shortage(known.IsFresh(now) ? Math.Min(known.Quantity, quantity) : quantity, now));
    }

    /// <summary>True when the section refused this many seats (or fewer) within the last <see cref="Memory"/>.</summary>
    public bool IsShortOf(string eventId, string sectionId, int quantity) =>
        _shortages.TryGetValue((eventId, sectionId), out var known) && known.IsFresh(clock.GetUtcNow()) && quantity >= known.Quantity;

    private readonly record struct Shortage(int Quantity, DateTimeOffset At)
    {
        public bool IsFresh(DateTimeOffset now) => now - At < Memory;
    }
}
