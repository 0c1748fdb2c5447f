namespace TicketBottle.Bench.Chaos;

public sealed record Invariant(string Name, bool Holds, string Detail);
