using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Functions.PaymentWebhooks;

/// <summary>A callback whose signature checked out, reduced to what the Payment service needs.</summary>
/// <param name="PaidAt">When the provider took the money, from the signed data; null when it does not say.</param>
public sealed record VerifiedCallback(string OrderRef, string TransactionId, long AmountVnd, ProviderOutcome Outcome, DateTimeOffset? PaidAt);
