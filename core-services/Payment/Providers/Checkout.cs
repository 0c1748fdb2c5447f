namespace TicketBottle.Payment.Providers;

/// <param name="CheckoutUrl">Where the customer pays.</param>
/// <param name="QrCode">PayOS: the VietQR payload; null for ZaloPay.</param>
/// <param name="ProviderCheckoutId">PayOS paymentLinkId, ZaloPay zp_trans_token.</param>
public sealed record Checkout(string CheckoutUrl, string? QrCode, string ProviderCheckoutId);
