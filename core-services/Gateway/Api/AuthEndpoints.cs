using TicketBottle.Contracts.User.V1;

namespace TicketBottle.Gateway.Api;

public static class AuthEndpoints
{
    // The User service's own bounds (RFC 5321 address length, PasswordOptions.MaxLength), checked here so an oversized
    // field is a 400 at the edge instead of a gRPC message the service refuses.
    internal const int MaxEmailLength = 254;
    private const int MaxPasswordLength = 128;
    private const int MaxNameLength = 200;

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth").RequireRateLimiting(GatewayApp.AuthRateLimit);
        auth.MapPost("/register", RegisterAsync).WithSummary("Create a customer account");
        auth.MapPost("/login", LoginAsync).WithSummary("Exchange e-mail and password for an access token");
        return api;
    }

    private static async Task<IResult> RegisterAsync(RegisterBody body, UserService.UserServiceClient users, CancellationToken cancellationToken)
    {
        if (new Validation()
                .Text(body.Email, "email", MaxEmailLength)
                .Text(body.Password, "password", MaxPasswordLength)
                .Text(body.FullName, "fullName", MaxNameLength)
                .Problem() is { } problem)
        {
            return problem;
        }

        var profile = await users.RegisterAsync(new RegisterRequest { Email = body.Email, Password = body.Password, FullName = body.FullName },
            cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/v1/users/{profile.UserId}", ToDto(profile));
    }

    private static async Task<IResult> LoginAsync(LoginBody body, HttpContext http, UserService.UserServiceClient users, CancellationToken cancellationToken)
    {
        if (new Validation()
                .Text(body.Email, "email", MaxEmailLength)
                .Text(body.Password, "password", MaxPasswordLength)
                .Problem() is { } problem)
        {
            return problem;
        }

        var login = await users.LoginAsync(new LoginRequest
        {
            Email = body.Email, Password = body.Password, ClientIp = http.Connection.RemoteIpAddress?.ToString() ?? "",
        }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new LoginResult(login.AccessToken, login.ExpiresAt.ToDateTimeOffset(), ToDto(login.User)));
    }

    internal static UserDto ToDto(UserProfile profile) =>
        new(profile.UserId, profile.Email, profile.FullName, profile.CreatedAt.ToDateTimeOffset(), [.. profile.Roles]);
}
