namespace TicketBottle.Bench.Chaos;

/// <summary>When a fault was injected and repaired, seconds since the on-sale started.</summary>
public sealed record FaultWindow(string Fault, double StartedAt, double RepairedAt, string? Failure);
