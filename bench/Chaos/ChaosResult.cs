namespace TicketBottle.Bench.Chaos;

public sealed record ChaosResult(DateTimeOffset StartedAt, string Machine, object Settings, double OnSaleSeconds, int OrdersPlaced,
    IReadOnlyList<FaultWindow> Faults, IReadOnlyList<Invariant> Invariants, IReadOnlyList<ErrorRecord> Errors);
