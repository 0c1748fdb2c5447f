namespace TicketBottle.Gateway.Api;

public sealed record LoginBody(string? Email, string? Password);
