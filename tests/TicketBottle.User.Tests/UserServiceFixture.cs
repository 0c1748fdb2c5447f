using TicketBottle.ServiceDefaults;
using TicketBottle.Contracts.User.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.User.Tests;

/// <summary>The real User service on loopback Kestrel against a fresh database on the shared test PostgreSQL.</summary>
public sealed class UserServiceFixture : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-for-user-service-0123456789";
    private LoopbackService? _service;

    public UserService.UserServiceClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("users");
        _service = await LoopbackService.StartAsync(UserServiceApp.Build(new ServiceConfiguration()
            .Set<PostgresOptions>(o => o.ConnectionString, ConnectionString)
            .Set<JwtOptions>(o => o.SigningKey, SigningKey)
            .Set<LoginThrottleOptions>(o => o.MaxFailedAttempts, 3)
            // Cheaper Argon2 keeps the suite fast; production uses the OWASP defaults.
            .Set<PasswordOptions>(o => o.MemoryKib, 1024)
            .Set<PasswordOptions>(o => o.Iterations, 1)
            .ToArgs()));
        Client = new UserService.UserServiceClient(_service.Channel);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
