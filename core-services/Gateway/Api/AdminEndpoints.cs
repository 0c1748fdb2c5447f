using TicketBottle.Contracts;
using TicketBottle.Contracts.User.V1;

namespace TicketBottle.Gateway.Api;

public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin").RequireAuthorization(AccessPolicies.Admin);
        admin.MapPut("/roles", SetRolesAsync)
            .WithSummary("Grant an account its roles (organizer, staff, admin); they apply from its next login");
        return api;
    }

    private static async Task<IResult> SetRolesAsync(SetRolesBody body, UserService.UserServiceClient users, CancellationToken cancellationToken)
    {
        if (new Validation()
                .Text(body.Email, "email", AuthEndpoints.MaxEmailLength)
                .Require(body.Roles is not null && body.Roles.All(Roles.Grantable.Contains), "roles",
                    $"A list of {string.Join(", ", Roles.Grantable)} (may be empty).")
                .Problem() is { } problem)
        {
            return problem;
        }

        var profile = await users.SetRolesAsync(new SetRolesRequest { Email = body.Email, Roles = { body.Roles! } }, cancellationToken: cancellationToken);
        return TypedResults.Ok(AuthEndpoints.ToDto(profile));
    }
}
