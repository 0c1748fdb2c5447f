namespace TicketBottle.Gateway.Api;

/// <param name="Result">admitted, already_used, order_not_valid, wrong_event or unknown_ticket.</param>
/// <param name="FirstScannedAt">For admitted and already_used: when and at which gate the ticket was (first) checked in.</param>
public sealed record CheckInDto(string Result, string Message, string? TicketId, string? EventId, string? SeatId, string? SectionName, string? Row,
    int? SeatNumber, DateTimeOffset? FirstScannedAt, string? FirstGate, string? OrderState);
