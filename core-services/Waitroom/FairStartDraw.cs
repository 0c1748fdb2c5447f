using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TicketBottle.Waitroom;

/// <summary>
/// The draw anyone can check: the seed is committed to (its SHA-256) before the opening and revealed after, and the
/// order is the entries sorted by SHA-256(seed + ":" + entry). Nobody can steer it without knowing the seed early,
/// and the platform cannot change the seed after publishing the commitment.
/// </summary>
public static class FairStartDraw
{
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Commitment(string seed) => Hex(seed);

    public static IReadOnlyList<long> Order(string seed, IEnumerable<long> entries) =>
        entries.OrderBy(e => Hex($"{seed}:{e.ToString(CultureInfo.InvariantCulture)}"), StringComparer.Ordinal).ThenBy(e => e).ToList();

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
