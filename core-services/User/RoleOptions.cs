namespace TicketBottle.User;

public sealed class RoleOptions
{
    public const string SectionName = "Roles";

    /// <summary>
    /// Accounts that are admins whatever the database says: how the first admin exists before anyone can grant roles,
    /// and a way to recover if every admin lost the role. Compared case-insensitively.
    /// </summary>
    public List<string> AdminEmails { get; set; } = [];
}
