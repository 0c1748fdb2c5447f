namespace TicketBottle.Order;

public sealed record PaymentInfo(string PaymentId, string Provider, string ProviderOrderRef, DateTimeOffset PayBy);
