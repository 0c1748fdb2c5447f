using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Testing;

namespace TicketBottle.User.Tests;

/// <summary>The real User service on loopback Kestrel against a fresh database on the shared test PostgreSQL.</summary>
public sealed class UserServiceFixture : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-for-user-service-0123456789";
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public UserService.UserServiceClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.Shared;
        ConnectionString = await server.CreateDatabaseAsync("users");
        _app = UserServiceApp.Build(
        [
            $"--Postgres:ConnectionString={ConnectionString}",
            $"--Jwt:SigningKey={SigningKey}",
            "--LoginThrottle:MaxFailedAttempts=3",
            // Cheaper Argon2 keeps the suite fast; production uses the OWASP defaults.
            "--Passwords:MemoryKib=1024",
            "--Passwords:Iterations=1",
        ]);
        var address = await _app.StartOnLoopbackAsync();
        _channel = GrpcChannel.ForAddress(address);
        Client = new UserService.UserServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
