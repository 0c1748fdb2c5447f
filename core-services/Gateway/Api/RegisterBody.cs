namespace TicketBottle.Gateway.Api;

public sealed record RegisterBody(string? Email, string? Password, string? FullName);
