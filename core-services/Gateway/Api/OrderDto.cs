namespace TicketBottle.Gateway.Api;

public sealed record OrderDto(string OrderId, string State, OrderEventDto Event, IReadOnlyList<TicketDto> Tickets, long TotalVnd,
    PaymentDto? Payment, string? EndReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? TicketsUrl);
