using System.Security.Claims;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>Access tokens are checked once and remembered for a bounded time; nothing that failed is remembered.</summary>
public sealed class RememberingTokenHandlerTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly RememberingTokenHandler _handler;
    private readonly string _token = Token("c-1");

    public RememberingTokenHandlerTests() => _handler = new RememberingTokenHandler(_clock);

    [Fact]
    public async Task A_verified_token_counts_until_the_remembering_ends_then_is_checked_again()
    {
        Assert.True((await _handler.ValidateTokenAsync(_token, Parameters("ticketbottle-api"))).IsValid);

        // Within the window the check is not repeated: parameters that would now refuse it are not even consulted…
        _clock.Advance(RememberingTokenHandler.RememberFor - TimeSpan.FromSeconds(1));
        Assert.True((await _handler.ValidateTokenAsync(_token, Parameters("another-api"))).IsValid);
        // …after it, they are.
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await _handler.ValidateTokenAsync(_token, Parameters("another-api"))).IsValid);
    }

    [Fact]
    public async Task A_token_that_failed_is_never_remembered_and_a_tampered_copy_of_a_good_one_fails()
    {
        Assert.False((await _handler.ValidateTokenAsync(_token, Parameters("another-api"))).IsValid);
        Assert.True((await _handler.ValidateTokenAsync(_token, Parameters("ticketbottle-api"))).IsValid);

        var parts = _token.Split('.');
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"sub\":\"c-2\",\"aud\":\"ticketbottle-api\",\"iss\":\"https://api.ticketbottle.test\"}")}.{parts[2]}";
        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters("ticketbottle-api"))).IsValid);
    }

    private static TokenValidationParameters Parameters(string audience) => new()
    {
        ValidIssuer = "https://api.ticketbottle.test",
        ValidAudience = audience,
        IssuerSigningKey = GatewayFactory.SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
    };

    private static string Token(string customerId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://api.ticketbottle.test",
        Audience = "ticketbottle-api",
        Expires = DateTime.UtcNow.AddMinutes(30),
        Subject = new ClaimsIdentity([new Claim("sub", customerId)]),
        SigningCredentials = new SigningCredentials(GatewayFactory.SigningKey, SecurityAlgorithms.EcdsaSha256),
    });
}
