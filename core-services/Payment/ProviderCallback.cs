namespace TicketBottle.Payment;

/// <summary>A verified provider callback (forwarded by the webhook function) or a provider's query answer.</summary>
/// <param name="PaidAt">When the provider took the money; null means now.</param>
public sealed record ProviderCallback(
    string Provider, string OrderRef, string TransactionId, long AmountVnd, string Outcome, string RawPayload, DateTimeOffset? PaidAt);
