namespace TicketBottle.Gateway.Api;

public sealed record PlaceOrderBody(string? EventId, string[]? SeatIds, string? SectionId, int? Quantity, string? PaymentProvider);
