namespace TicketBottle.Bench.Chaos;

/// <summary>One injected fault: what breaks, how it is repaired after <paramref name="Down"/>.</summary>
public sealed record Fault(string Name, Func<Task> Inject, TimeSpan Down, Func<Task> Repair);
