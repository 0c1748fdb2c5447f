namespace TicketBottle.Payment.Providers;

public sealed record CheckoutRequest(
    string ProviderOrderRef,
    long AmountVnd,
    string Description,
    IReadOnlyList<CheckoutLine> Items,
    string BuyerName,
    string BuyerEmail,
    Uri ReturnUrl,
    Uri CancelUrl,
    DateTimeOffset ExpiresAt);
