namespace TicketBottle.Payment.Providers;

/// <summary>One payment provider's merchant API: what the Payment service asks of ZaloPay or PayOS.</summary>
public interface IPaymentProvider
{
    /// <summary><see cref="ProviderNames"/> value.</summary>
    string Name { get; }

    /// <summary>Creates the provider's order; throws <see cref="CheckoutExistsException"/> when the reference is taken.</summary>
    Task<Checkout> CreateCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken);

    Task<ProviderPaymentStatus> QueryAsync(PaymentIntentRecord intent, CancellationToken cancellationToken);

    /// <summary>Stops the checkout from taking money. False when the provider has no cancel (ZaloPay: its expiry was set at creation).</summary>
    Task<bool> CancelCheckoutAsync(PaymentIntentRecord intent, string reason, CancellationToken cancellationToken);

    /// <summary>False when the provider has no refund API (PayOS): an operator pays the money back.</summary>
    bool RefundsByApi { get; }

    /// <summary>The reference a new refund is sent under (fixed once, so a resent refund is the same one); null without a refund API.</summary>
    string? RefundRefFor(Guid refundId, DateTimeOffset now);

    /// <summary>Asks the provider to pay the money back, or how a refund asked for earlier is going; idempotent on the refund's reference.</summary>
    Task<RefundProgress> RefundAsync(RefundRecord refund, CancellationToken cancellationToken);

    Task<RefundProgress> QueryRefundAsync(RefundRecord refund, CancellationToken cancellationToken);
}
