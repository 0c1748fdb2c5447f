namespace TicketBottle.Functions.Cleanup;

/// <summary>One batch of a service's sweep RPC: how many items it processed, plus named counters for the log.</summary>
public sealed record SweepBatch(int Processed, IReadOnlyDictionary<string, long> Counters);
