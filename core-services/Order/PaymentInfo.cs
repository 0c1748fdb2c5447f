namespace TicketBottle.Order;

/// <param name="CheckoutUrl">Where the customer pays; null for orders stored before checkouts existed.</param>
/// <param name="QrCode">PayOS's VietQR payload; null for ZaloPay.</param>
public sealed record PaymentInfo(string PaymentId, string Provider, string ProviderOrderRef, DateTimeOffset PayBy, string? CheckoutUrl, string? QrCode);
