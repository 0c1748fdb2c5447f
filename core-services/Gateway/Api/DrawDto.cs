namespace TicketBottle.Gateway.Api;

/// <summary>
/// A fair start's draw, for anyone to check: before the opening only <paramref name="Commitment"/> (hex SHA-256 of the
/// seed); after it the seed, and the entries in drawn order, which is the entries sorted by hex SHA-256(seed + ":" + entry).
/// </summary>
public sealed record DrawDto(string EventId, string Commitment, DateTimeOffset DrawAt, DateTimeOffset? DrawnAt, string? Seed,
    IReadOnlyList<long> DrawnOrder);
