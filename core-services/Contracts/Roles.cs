namespace TicketBottle.Contracts;

/// <summary>
/// What an access token's "roles" claim may name. Every account is a customer; an organizer runs events, staff scan
/// tickets at the gate, an admin grants roles (and may do what the others do).
/// </summary>
public static class Roles
{
    public const string Customer = "customer";
    public const string Organizer = "organizer";
    public const string Staff = "staff";
    public const string Admin = "admin";

    /// <summary>The roles an admin can grant (customer is implied).</summary>
    public static readonly IReadOnlyList<string> Grantable = [Organizer, Staff, Admin];
}
