namespace TicketBottle.Inventory;

public sealed record SeatMapSection(string SectionId, string Name, long PriceVnd, IReadOnlyList<SeatMapEntry> Seats);
