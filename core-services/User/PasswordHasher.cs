using Isopoh.Cryptography.Argon2;
using Microsoft.Extensions.Options;

namespace TicketBottle.User;

/// <summary>Argon2id in the PHC string format, so cost parameters can be raised later without breaking old hashes.</summary>
public sealed class PasswordHasher(IOptions<PasswordOptions> options)
{
    private readonly PasswordOptions _options = options.Value;
    private readonly Lazy<string> _dummyHash = new(() => Argon2.Hash(Guid.NewGuid().ToString(), options.Value.Iterations,
        options.Value.MemoryKib, options.Value.Parallelism, Argon2Type.HybridAddressing));

    public string Hash(string password) =>
        Argon2.Hash(password, _options.Iterations, _options.MemoryKib, _options.Parallelism, Argon2Type.HybridAddressing);

    public bool Verify(string encodedHash, string password) => Argon2.Verify(encodedHash, password);

    /// <summary>Spends the same work as a real check, so an unknown e-mail can't be told apart by response time.</summary>
    public void VerifyAgainstDummy(string password) => Argon2.Verify(_dummyHash.Value, password);
}
