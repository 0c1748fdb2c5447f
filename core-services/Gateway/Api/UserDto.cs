namespace TicketBottle.Gateway.Api;

/// <param name="Roles">"customer" and the roles granted (organizer, staff, admin): which pages the browser offers.</param>
public sealed record UserDto(string UserId, string Email, string FullName, DateTimeOffset CreatedAt, IReadOnlyList<string> Roles);
