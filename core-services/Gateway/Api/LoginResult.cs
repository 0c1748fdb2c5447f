namespace TicketBottle.Gateway.Api;

public sealed record LoginResult(string AccessToken, DateTimeOffset ExpiresAt, UserDto User);
