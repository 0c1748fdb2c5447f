namespace TicketBottle.Payment.Providers;

public enum ProviderPaymentState
{
    /// <summary>Nothing final yet: not paid, or the provider is still processing.</summary>
    Pending,
    Paid,
    /// <summary>Cancelled by the customer, expired or failed at the provider: it will not take money any more.</summary>
    Closed,
}
