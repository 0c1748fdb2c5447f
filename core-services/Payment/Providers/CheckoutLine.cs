namespace TicketBottle.Payment.Providers;

public sealed record CheckoutLine(string Name, int Quantity, long PriceVnd);
