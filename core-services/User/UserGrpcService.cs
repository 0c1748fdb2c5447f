using System.Globalization;
using System.Net.Mail;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts;
using TicketBottle.Contracts.User.V1;
using static TicketBottle.ServiceDefaults.GrpcArguments;

namespace TicketBottle.User;

public sealed class UserGrpcService(
    UserRepository users,
    PasswordHasher passwords,
    AccessTokenIssuer tokens,
    SigningKeyRing signingKeys,
    IOptions<PasswordOptions> passwordOptions,
    IOptions<LoginThrottleOptions> throttleOptions,
    IOptions<RoleOptions> roleOptions,
    TimeProvider clock,
    ILogger<UserGrpcService> logger) : UserService.UserServiceBase
{
    private const string InvalidCredentials = "Invalid email or password.";
    private const int MaxEmailsPerLookup = 200;

    public override async Task<UserProfile> Register(RegisterRequest request, ServerCallContext context)
    {
        var email = request.Email.Trim();
        if (!IsValidEmail(email))
        {
            throw Invalid("email must be a valid e-mail address.");
        }

        var fullName = request.FullName.Trim();
        if (fullName.Length is 0 or > 200)
        {
            throw Invalid("full_name is required (at most 200 characters).");
        }

        var policy = passwordOptions.Value;
        if (request.Password.Length < policy.MinLength || request.Password.Length > policy.MaxLength)
        {
            throw Invalid($"password must be {policy.MinLength} to {policy.MaxLength} characters.");
        }

        var user = new UserRecord(Guid.CreateVersion7(), email, fullName, passwords.Hash(request.Password), clock.GetUtcNow().UtcDateTime, "");
        if (!await users.TryInsertAsync(user, Normalize(email), context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, "An account with this e-mail already exists."));
        }

        logger.LogInformation("Registered user {UserId}", user.UserId);
        return ToProfile(user);
    }

    public override async Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
    {
        var emailNormalized = Normalize(request.Email);
        var throttle = throttleOptions.Value;
        var now = clock.GetUtcNow();
        if (await users.TryBeginLoginAttemptAsync(emailNormalized, request.ClientIp, now, throttle, context.CancellationToken) is { } retryAt)
        {
            var wait = Math.Max(1, (int)Math.Ceiling((retryAt - now).TotalSeconds));
            logger.LogWarning("Login attempts from {ClientIp} for one e-mail throttled for {WaitSeconds} s", request.ClientIp, wait);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Too many failed attempts; try again in {wait} seconds."),
                new Metadata { { RefusalTrailers.RetryAfterSeconds, wait.ToString(CultureInfo.InvariantCulture) } });
        }

        var user = await users.FindByEmailAsync(emailNormalized, context.CancellationToken);
        var valid = user is not null && passwords.Verify(user.PasswordHash, request.Password);
        if (user is null)
        {
            passwords.VerifyAgainstDummy(request.Password);
        }

        if (!valid)
        {
            logger.LogInformation("Failed login from {ClientIp}", request.ClientIp);
            throw new RpcException(new Status(StatusCode.Unauthenticated, InvalidCredentials));
        }

        await users.ForgetLoginAttemptsAsync(emailNormalized, request.ClientIp, now - throttle.Window, context.CancellationToken);
        var (token, expiresAt) = tokens.Issue(user!, RolesOf(user!));
        logger.LogInformation("User {UserId} logged in from {ClientIp}", user!.UserId, request.ClientIp);
        return new LoginResponse { AccessToken = token, ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt), User = ToProfile(user) };
    }

    public override async Task<UserProfile> GetUser(GetUserRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.UserId, out var userId))
        {
            throw Invalid("user_id must be a UUID.");
        }

        var user = await users.FindByIdAsync(userId, context.CancellationToken)
                   ?? throw new RpcException(new Status(StatusCode.NotFound, $"User {userId} not found."));
        return ToProfile(user);
    }

    public override async Task<FindUsersResponse> FindUsers(FindUsersRequest request, ServerCallContext context)
    {
        if (request.Emails.Count > MaxEmailsPerLookup)
        {
            throw Invalid($"At most {MaxEmailsPerLookup} e-mails per lookup.");
        }

        var found = await users.FindByEmailsAsync([.. request.Emails.Select(Normalize).Distinct()], context.CancellationToken);
        return new FindUsersResponse { Users = { found.Select(ToProfile) } };
    }

    public override async Task<UserProfile> SetRoles(SetRolesRequest request, ServerCallContext context)
    {
        var unknown = request.Roles.Except(Roles.Grantable).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid($"roles may name only {string.Join(", ", Roles.Grantable)}; not {string.Join(", ", unknown)}.");
        }

        var user = await users.SetRolesAsync(Normalize(request.Email), [.. request.Roles.Distinct().Order(StringComparer.Ordinal)], context.CancellationToken)
                   ?? throw new RpcException(new Status(StatusCode.NotFound, "No account with this e-mail."));
        logger.LogInformation("Roles of user {UserId} set to {Roles}", user.UserId, user.Roles);
        return ToProfile(user);
    }

    public override Task<SigningKeys> GetSigningKeys(GetSigningKeysRequest request, ServerCallContext context) =>
        Task.FromResult(new SigningKeys { JwksJson = signingKeys.JwksJson });

    /// <summary>Customer, the granted roles, and admin for the configured admin e-mails.</summary>
    private IReadOnlyList<string> RolesOf(UserRecord user)
    {
        var configuredAdmin = roleOptions.Value.AdminEmails.Any(e => Normalize(e) == Normalize(user.Email));
        return [Roles.Customer, .. user.Roles.Union(configuredAdmin ? [Roles.Admin] : [])];
    }

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static bool IsValidEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal);

    private UserProfile ToProfile(UserRecord user) => new()
    {
        UserId = user.UserId.ToString(),
        Email = user.Email,
        FullName = user.FullName,
        CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(user.CreatedAt, DateTimeKind.Utc)),
        Roles = { RolesOf(user) },
    };
}
