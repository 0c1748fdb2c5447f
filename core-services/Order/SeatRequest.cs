namespace TicketBottle.Order;

/// <summary>What the customer asked for, kept so a retried PlaceOrder can resume the saga with the same request.</summary>
public sealed record SeatRequest(IReadOnlyList<string> SeatIds, string SectionId, int Quantity);
