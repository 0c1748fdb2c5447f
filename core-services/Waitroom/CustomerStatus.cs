namespace TicketBottle.Waitroom;

/// <param name="Ticket">Waiting: the queue ticket. Awaiting the draw: the customer's entry, and <paramref name="QueueLength"/> the entries so far.</param>
/// <param name="DrawAt">Awaiting the draw: when it is (the sale's opening).</param>
public sealed record CustomerStatus(StatusKind Kind, long Ticket = 0, long Position = 0, long QueueLength = 0, DateTimeOffset? DrawAt = null);
