namespace TicketBottle.Gateway.Api;

public sealed record SetRolesBody(string? Email, string[]? Roles);
