namespace TicketBottle.Bench.Chaos;

/// <summary>A failed attempt (Final: the customer gave up on that step after its retries), seconds since the on-sale started.</summary>
public sealed record ErrorRecord(double At, string Step, string What, bool Final);
