namespace TicketBottle.Waitroom;

public sealed record AdmissionClaims(string EventId, string CustomerId, DateTimeOffset ExpiresAt, string Nonce);
