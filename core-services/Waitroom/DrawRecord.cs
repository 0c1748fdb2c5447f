namespace TicketBottle.Waitroom;

/// <param name="Seed">Revealed once drawn (null before).</param>
public sealed record DrawRecord(string Commitment, DateTimeOffset DrawAt, DateTimeOffset? DrawnAt, string? Seed, IReadOnlyList<long> DrawnOrder);
