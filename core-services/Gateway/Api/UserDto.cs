namespace TicketBottle.Gateway.Api;

public sealed record UserDto(string UserId, string Email, string FullName, DateTimeOffset CreatedAt);
