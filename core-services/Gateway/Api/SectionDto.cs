namespace TicketBottle.Gateway.Api;

/// <param name="Rows">Reserved seating: row labels, drawn top to bottom with <paramref name="SeatsPerRow"/> seats each (ids "section-row-seat").</param>
public sealed record SectionDto(string SectionId, string Name, long PriceVnd, int Capacity, bool GeneralAdmission, IReadOnlyList<string> Rows,
    int SeatsPerRow);
