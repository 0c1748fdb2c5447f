using System.Security.Claims;

namespace TicketBottle.Gateway.Api;

/// <summary>The signed-in customer as the User service's access token describes them.</summary>
public sealed record CurrentCustomer(string CustomerId, string Email, string FullName)
{
    public static CurrentCustomer From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue("sub") ?? throw new InvalidOperationException("Authenticated principal without a subject."),
        principal.FindFirstValue("email") ?? "",
        principal.FindFirstValue("name") ?? "");
}
