using System.Security.Cryptography;

namespace TicketBottle.ProviderSandbox;

/// <summary>The merchant credentials the sandbox checks requests against and signs answers and webhooks with.</summary>
public sealed record SandboxCredentials(
    string PayOsClientId,
    string PayOsApiKey,
    string PayOsChecksumKey,
    long ZaloPayAppId,
    string ZaloPayKey1,
    string ZaloPayKey2)
{
    /// <summary>Fresh keys, so a test's services trust only its own sandbox.</summary>
    public static SandboxCredentials Random() => new($"client-{Hex(8)}", $"api-{Hex(16)}", Hex(32), RandomNumberGenerator.GetInt32(1000, 9999),
        Hex(16), Hex(16));

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
