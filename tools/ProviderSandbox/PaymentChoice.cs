namespace TicketBottle.ProviderSandbox;

/// <summary>What the customer does on the checkout page.</summary>
/// <param name="Times">How many payments land (2: the customer paid twice, e.g. scanned the VietQR again).</param>
/// <param name="AmountVnd">What each payment carries; null is the checkout's amount.</param>
/// <param name="AfterClose">The bank transfer lands although the checkout closed (expired or cancelled), as a VietQR transfer can.</param>
public sealed record PaymentChoice(int Times = 1, long? AmountVnd = null, bool AfterClose = false);
