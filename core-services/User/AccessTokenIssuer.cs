using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBottle.User;

public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, SigningKeyRing keys, TimeProvider clock)
{
    public const string RolesClaim = "roles";
    private readonly JsonWebTokenHandler _handler = new();

    /// <param name="roles">Carried as the "roles" claim (always an array), which the Gateway authorizes on.</param>
    public (string Token, DateTimeOffset ExpiresAt) Issue(UserRecord user, IReadOnlyList<string> roles)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow();
        var expiresAt = now + jwt.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.UserId.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                new Claim(JwtRegisteredClaimNames.Name, user.FullName),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            Claims = new Dictionary<string, object> { [RolesClaim] = roles.ToArray() },
            SigningCredentials = keys.Active,
        });
        return (token, expiresAt);
    }
}
