namespace TicketBottle.Payment.Providers;

public sealed record ProviderTransaction(string TransactionId, long AmountVnd, DateTimeOffset? PaidAt);
