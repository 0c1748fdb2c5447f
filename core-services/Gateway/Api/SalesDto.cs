namespace TicketBottle.Gateway.Api;

/// <param name="Orders">Orders that got seats, by state: awaiting_payment, paid, cancelled, expired.</param>
public sealed record SalesDto(string EventId, DateTimeOffset At, IReadOnlyList<SectionSalesDto> Sections, int SeatsSold, long RevenueVnd,
    IReadOnlyDictionary<string, int> Orders, WaitroomStateDto Waitroom);
