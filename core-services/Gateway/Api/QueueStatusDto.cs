namespace TicketBottle.Gateway.Api;

public sealed record QueueStatusDto(string EventId, string State, long Ticket, long Position, long QueueLength,
    string? AdmissionToken, DateTimeOffset? AdmissionExpiresAt);
