using System.Security.Cryptography;
using TicketBottle.ServiceDefaults;
using TicketBottle.Contracts.User.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.User.Tests;

/// <summary>The real User service on loopback Kestrel against a fresh database on the shared test PostgreSQL.</summary>
public sealed class UserServiceFixture : IAsyncLifetime
{
    public const string Issuer = "https://api.ticketbottle.test";
    public const int FreeLoginAttempts = 3;
    /// <summary>Mid-rollover: the next key signs, the previous one is still published for tokens it signed.</summary>
    public const string ActiveKeyId = "2026-11-next";
    public const string PreviousKeyId = "2026-10-previous";
    private LoopbackService? _service;

    public UserService.UserServiceClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("users");
        _service = await LoopbackService.StartAsync(UserServiceApp.Build(new ServiceConfiguration().TrustLocalCallers()
            .Set<PostgresOptions>(o => o.ConnectionString, ConnectionString)
            .Set<JwtOptions>(o => o.Issuer, Issuer)
            .Set<JwtOptions>(o => o.ActiveKeyId, ActiveKeyId)
            .Set("Jwt:SigningKeys:0:KeyId", PreviousKeyId)
            .Set("Jwt:SigningKeys:0:PrivateKeyPem", NewP256Pem())
            .Set("Jwt:SigningKeys:1:KeyId", ActiveKeyId)
            .Set("Jwt:SigningKeys:1:PrivateKeyPem", NewP256Pem())
            .Set<LoginThrottleOptions>(o => o.FreeAttempts, FreeLoginAttempts)
            .Set<LoginThrottleOptions>(o => o.FirstDelay, TimeSpan.FromSeconds(30))
            // Cheaper Argon2 keeps the suite fast; production uses the OWASP defaults.
            .Set<PasswordOptions>(o => o.MemoryKib, 1024)
            .Set<PasswordOptions>(o => o.Iterations, 1)
            .ToArgs()));
        Client = new UserService.UserServiceClient(_service.Calls);
    }

    private static string NewP256Pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
