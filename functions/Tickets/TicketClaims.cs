namespace TicketBottle.Functions.Tickets;

public sealed record TicketClaims(string TicketId, string EventId);
