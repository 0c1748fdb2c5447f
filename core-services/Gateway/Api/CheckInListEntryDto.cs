namespace TicketBottle.Gateway.Api;

public sealed record CheckInListEntryDto(string TicketId, string TokenFingerprint, string SeatId, string SectionName, string Row, int SeatNumber,
    DateTimeOffset? CheckedInAt, string? CheckedInGate);
