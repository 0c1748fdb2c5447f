namespace TicketBottle.Contracts.Tickets;

public sealed record TicketClaims(string TicketId, string EventId);
