namespace TicketBottle.Gateway.Api;

public sealed record PaymentDto(string Provider, string ProviderOrderRef, long AmountVnd, DateTimeOffset PayBy);
