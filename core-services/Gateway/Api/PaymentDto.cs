namespace TicketBottle.Gateway.Api;

/// <param name="CheckoutUrl">Where to send the customer to pay (the provider's checkout page).</param>
/// <param name="QrCode">PayOS: the VietQR payload to show as a QR code for a banking app; null for ZaloPay.</param>
public sealed record PaymentDto(string Provider, string ProviderOrderRef, long AmountVnd, DateTimeOffset PayBy, string? CheckoutUrl, string? QrCode);
