namespace TicketBottle.Gateway.Api;

/// <param name="Emails">The accounts (registered, with the staff role to reach the gate pages) that may scan this event's tickets.</param>
public sealed record GateStaffBody(string[]? Emails);
