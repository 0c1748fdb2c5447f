using TicketBottle.Contracts.User.V1;

namespace TicketBottle.Gateway.Api;

public sealed record UserDto(string UserId, string Email, string FullName, DateTimeOffset CreatedAt);
