namespace TicketBottle.Gateway.Api;

/// <summary>Reserved seating (rows × seatsPerRow) or standing room (gaCapacity).</summary>
public sealed record SectionLayoutBody(string? SectionId, string? Name, long? PriceVnd, string[]? Rows, int? SeatsPerRow, int? GaCapacity);
