using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Functions.PaymentWebhooks;

/// <summary>A callback whose signature checked out, reduced to what the Payment service needs.</summary>
public sealed record VerifiedCallback(string OrderRef, string TransactionId, long AmountVnd, ProviderOutcome Outcome);
