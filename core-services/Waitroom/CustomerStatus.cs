namespace TicketBottle.Waitroom;

public sealed record CustomerStatus(StatusKind Kind, long Ticket = 0, long Position = 0, long QueueLength = 0);
