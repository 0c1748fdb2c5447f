using Grpc.Core;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Testing;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>Counts the calls that reach the User service; registration answers ALREADY_EXISTS for <see cref="TakenEmail"/>.</summary>
public sealed class FakeUsers : UserService.UserServiceClient
{
    public const string TakenEmail = "taken@example.vn";

    public int Calls { get; private set; }
    /// <summary>The client address the Gateway passed with the last login.</summary>
    public string? LoginClientIp { get; private set; }

    public override AsyncUnaryCall<LoginResponse> LoginAsync(LoginRequest request, CallOptions options) => FakeCalls.Unary<LoginResponse>(() =>
    {
        Calls++;
        LoginClientIp = request.ClientIp;
        throw FakeCalls.Error(StatusCode.Unauthenticated, "Invalid email or password.");
    });

    public override AsyncUnaryCall<SigningKeys> GetSigningKeysAsync(GetSigningKeysRequest request, CallOptions options) =>
        FakeCalls.Unary(() => new SigningKeys { JwksJson = GatewayFactory.JwksJson });

    public override AsyncUnaryCall<UserProfile> RegisterAsync(RegisterRequest request, CallOptions options) => FakeCalls.Unary(() =>
    {
        Calls++;
        return request.Email == TakenEmail
            ? throw FakeCalls.Error(StatusCode.AlreadyExists, "An account with this e-mail exists.")
            : new UserProfile { UserId = "u-1", Email = request.Email, FullName = request.FullName, CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow) };
    });
}
