namespace TicketBottle.Waitroom;

/// <summary>A live admission as recorded in Redis: the nonce that the customer's token must carry.</summary>
public sealed record AdmissionRecord(string Nonce, DateTimeOffset ExpiresAt);
