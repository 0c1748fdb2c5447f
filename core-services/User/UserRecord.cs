namespace TicketBottle.User;

/// <param name="RoleList">Granted roles beyond customer (organizer, staff, admin), comma-separated as read (Dapper maps no text[] into a record).</param>
public sealed record UserRecord(Guid UserId, string Email, string FullName, string PasswordHash, DateTime CreatedAt, string RoleList)
{
    public string[] Roles => RoleList.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
