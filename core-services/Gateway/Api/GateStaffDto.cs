namespace TicketBottle.Gateway.Api;

public sealed record GateStaffDto(string EventId, IReadOnlyList<string> Emails);
