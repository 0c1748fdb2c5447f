using Microsoft.AspNetCore.Authorization;
using TicketBottle.Contracts;

namespace TicketBottle.Gateway;

/// <summary>
/// Who may use which part of the API, by the "roles" claim of the access token. An admin may do everything; an
/// organizer also scans at the gate of their events.
/// </summary>
public static class AccessPolicies
{
    public const string RolesClaim = "roles";
    public const string Organizer = "organizer";
    public const string GateStaff = "gate-staff";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Organizer, policy => policy.RequireRole(Roles.Organizer, Roles.Admin));
        options.AddPolicy(GateStaff, policy => policy.RequireRole(Roles.Staff, Roles.Organizer, Roles.Admin));
        options.AddPolicy(Admin, policy => policy.RequireRole(Roles.Admin));
    }
}
