using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Payment.Providers;

namespace TicketBottle.Payment;

/// <summary>Creates each intent's checkout at its provider exactly once, however many retries of the order arrive together.</summary>
public sealed class CheckoutService(PaymentRepository payments, ProviderRegistry providers, IOptions<PaymentOptions> options,
    ILogger<CheckoutService> logger)
{
    public async Task<PaymentIntentRecord> EnsureAsync(PaymentIntentRecord intent, CreatePaymentIntentRequest request,
        CancellationToken cancellationToken)
    {
        if (intent.CheckoutUrl is not null || intent.Status != IntentStatus.Pending)
        {
            return intent;
        }

        var provider = providers.Get(intent.Provider);
        await using var locked = await payments.LockForCheckoutAsync(intent.PaymentId, cancellationToken);
        if (locked.Intent.CheckoutUrl is not null || locked.Intent.Status != IntentStatus.Pending)
        {
            return locked.Intent;
        }

        Checkout checkout;
        try
        {
            checkout = await provider.CreateCheckoutAsync(RequestFor(locked.Intent, request), cancellationToken);
        }
        catch (CheckoutExistsException ex) when (provider.Name == ProviderNames.PayOs)
        {
            // Our earlier attempt created it and its answer was lost; nobody has its link. Cancel it so it can never
            // take money, and make the checkout under a fresh code.
            logger.LogWarning("PayOS already had orderCode {ProviderOrderRef} of payment {PaymentId} ({Detail}); cancelling it and using a new code",
                locked.Intent.ProviderOrderRef, locked.Intent.PaymentId, ex.Message);
            await provider.CancelCheckoutAsync(locked.Intent, "superseded by a new checkout", cancellationToken);
            await locked.TakeNewPayOsOrderCodeAsync(cancellationToken);
            checkout = await provider.CreateCheckoutAsync(RequestFor(locked.Intent, request), cancellationToken);
        }

        var saved = await locked.SaveAsync(checkout, cancellationToken);
        logger.LogInformation("Checkout for payment {PaymentId} of order {OrderId} created at {Provider} ({ProviderOrderRef})",
            saved.PaymentId, saved.OrderId, saved.Provider, saved.ProviderOrderRef);
        return saved;
    }

    private CheckoutRequest RequestFor(PaymentIntentRecord intent, CreatePaymentIntentRequest request)
    {
        var settings = options.Value;
        var orderPage = new Uri(settings.StorefrontUrl, $"orders/{Uri.EscapeDataString(intent.OrderId)}");
        return new CheckoutRequest(
            intent.ProviderOrderRef,
            intent.AmountVnd,
            intent.Description,
            request.Items.Select(i => new CheckoutLine(i.Name, i.Quantity, i.PriceVnd)).ToList(),
            request.BuyerName,
            request.BuyerEmail,
            orderPage,
            new Uri($"{orderPage}?checkout=cancelled"),
            DateTime.SpecifyKind(intent.ExpiresAt, DateTimeKind.Utc) - settings.ProviderExpiryMargin);
    }
}
