namespace TicketBottle.User;

public sealed record UserRecord(Guid UserId, string Email, string FullName, string PasswordHash, DateTime CreatedAt);
