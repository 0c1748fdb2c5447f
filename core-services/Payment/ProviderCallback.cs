namespace TicketBottle.Payment;

/// <summary>A verified provider callback, as the webhook function forwards it.</summary>
public sealed record ProviderCallback(
    string Provider, string OrderRef, string TransactionId, long AmountVnd, string Outcome, string RawPayload);
