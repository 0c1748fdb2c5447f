namespace TicketBottle.Order;

/// <summary>The scan that checked a ticket in.</summary>
public sealed record CheckInRecord(string TicketId, string EventId, DateTimeOffset ScannedAt, string Gate, string StaffId);
