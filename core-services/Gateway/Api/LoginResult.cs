using TicketBottle.Contracts.User.V1;

namespace TicketBottle.Gateway.Api;

public sealed record LoginResult(string AccessToken, DateTimeOffset ExpiresAt, UserDto User);
