namespace TicketBottle.Payment.Providers;

/// <summary>What the provider says about a checkout, with every transaction that paid into it.</summary>
/// <param name="Raw">The provider's answer, kept as the callback record's payload.</param>
public sealed record ProviderPaymentStatus(ProviderPaymentState State, IReadOnlyList<ProviderTransaction> Transactions, string Raw);
