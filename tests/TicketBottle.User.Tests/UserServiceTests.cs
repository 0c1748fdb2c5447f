using System.Globalization;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using TicketBottle.Contracts;
using TicketBottle.Contracts.User.V1;

namespace TicketBottle.User.Tests;

public sealed class UserServiceTests(UserServiceFixture fixture) : IClassFixture<UserServiceFixture>
{
    private static string NewEmail() => $"fan-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Register_then_login_issues_a_token_the_gateway_can_validate()
    {
        var email = NewEmail();
        var profile = await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "correct horse", FullName = "Nguyễn Thị Hồng Nhung" });

        var login = await fixture.Client.LoginAsync(new LoginRequest { Email = email.ToUpperInvariant(), Password = "correct horse", ClientIp = "127.0.0.1" });

        Assert.Equal(profile.UserId, login.User.UserId);
        Assert.Equal("Nguyễn Thị Hồng Nhung", login.User.FullName);
        var jwks = new JsonWebKeySet((await fixture.Client.GetSigningKeysAsync(new GetSigningKeysRequest())).JwksJson);
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(login.AccessToken, new TokenValidationParameters
        {
            ValidIssuer = UserServiceFixture.Issuer,
            ValidAudience = "ticketbottle-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal(profile.UserId, validation.Claims[JwtRegisteredClaimNames.Sub]);
        var header = new JsonWebToken(login.AccessToken);
        Assert.Equal((SecurityAlgorithms.EcdsaSha256, UserServiceFixture.ActiveKeyId), (header.Alg, header.Kid));
    }

    [Fact]
    public async Task The_published_key_set_holds_both_keys_of_a_rollover_and_no_private_part()
    {
        var jwks = new JsonWebKeySet((await fixture.Client.GetSigningKeysAsync(new GetSigningKeysRequest())).JwksJson);

        Assert.Equal([UserServiceFixture.PreviousKeyId, UserServiceFixture.ActiveKeyId], jwks.Keys.Select(k => k.Kid));
        Assert.All(jwks.Keys, key =>
        {
            Assert.Equal(("EC", "P-256", "ES256", "sig"), (key.Kty, key.Crv, key.Alg, key.Use));
            Assert.False(key.HasPrivateKey);
            Assert.Null(key.D);
        });
    }

    [Fact]
    public async Task Password_is_stored_as_an_argon2id_hash_never_in_clear()
    {
        var email = NewEmail();
        var profile = await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "s3cret-passw0rd", FullName = "Trần Văn An" });

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT password_hash FROM users WHERE user_id = @id", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(profile.UserId));
        var stored = (string)(await command.ExecuteScalarAsync())!;

        Assert.StartsWith("$argon2id$", stored);
        Assert.DoesNotContain("s3cret-passw0rd", stored);
    }

    [Fact]
    public async Task Duplicate_email_in_any_case_is_already_exists()
    {
        var email = NewEmail();
        await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "password-1", FullName = "A" });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.RegisterAsync(new RegisterRequest { Email = email.ToUpperInvariant(), Password = "password-2", FullName = "B" }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_are_indistinguishable()
    {
        var email = NewEmail();
        await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "right-password", FullName = "A" });

        var wrongPassword = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.LoginAsync(new LoginRequest { Email = email, Password = "wrong-password" }).ResponseAsync);
        var unknownEmail = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.LoginAsync(new LoginRequest { Email = NewEmail(), Password = "right-password" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, wrongPassword.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, unknownEmail.StatusCode);
        Assert.Equal(wrongPassword.Status.Detail, unknownEmail.Status.Detail);
    }

    [Fact]
    public async Task Failures_from_one_address_make_that_address_wait_even_with_the_right_password()
    {
        var email = NewEmail();
        await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "right-password", FullName = "A" });
        for (var i = 0; i < UserServiceFixture.FreeLoginAttempts; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => fixture.Client.LoginAsync(Login(email, $"guess-{i}", Attacker)).ResponseAsync);
        }

        var waiting = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.LoginAsync(Login(email, "right-password", Attacker)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, waiting.StatusCode);
        Assert.InRange(int.Parse(waiting.Trailers.GetValue(RefusalTrailers.RetryAfterSeconds)!, CultureInfo.InvariantCulture), 25, 30);
    }

    [Fact]
    public async Task Guessing_from_one_address_does_not_lock_the_owner_out_from_theirs()
    {
        var email = NewEmail();
        await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "right-password", FullName = "A" });
        for (var i = 0; i < UserServiceFixture.FreeLoginAttempts + 2; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => fixture.Client.LoginAsync(Login(email, $"guess-{i}", Attacker)).ResponseAsync);
        }

        var owner = await fixture.Client.LoginAsync(Login(email, "right-password", "203.0.113.20"));

        Assert.NotEmpty(owner.AccessToken);
    }

    [Fact]
    public async Task Parallel_guesses_get_no_more_password_checks_than_the_free_attempts()
    {
        var email = NewEmail();
        await fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = "right-password", FullName = "A" });

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Assert.ThrowsAsync<RpcException>(() => fixture.Client.LoginAsync(Login(email, $"guess-{i}", Attacker)).ResponseAsync)));

        Assert.Equal(UserServiceFixture.FreeLoginAttempts, answers.Count(a => a.StatusCode == StatusCode.Unauthenticated));
        Assert.Equal(20 - UserServiceFixture.FreeLoginAttempts, answers.Count(a => a.StatusCode == StatusCode.ResourceExhausted));
    }

    private const string Attacker = "198.51.100.66";

    private static LoginRequest Login(string email, string password, string clientIp) => new() { Email = email, Password = password, ClientIp = clientIp };

    [Theory]
    [InlineData("not-an-email", "password-ok", "Name")]
    [InlineData("a@example.com", "short", "Name")]
    [InlineData("b@example.com", "password-ok", "")]
    public async Task Bad_registration_input_is_invalid_argument(string email, string password, string fullName)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.RegisterAsync(new RegisterRequest { Email = email, Password = password, FullName = fullName }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Get_user_by_id_and_unknown_id()
    {
        var profile = await fixture.Client.RegisterAsync(new RegisterRequest { Email = NewEmail(), Password = "password-ok", FullName = "Lê Minh" });

        var fetched = await fixture.Client.GetUserAsync(new GetUserRequest { UserId = profile.UserId });
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.GetUserAsync(new GetUserRequest { UserId = Guid.NewGuid().ToString() }).ResponseAsync);

        Assert.Equal(profile.Email, fetched.Email);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
