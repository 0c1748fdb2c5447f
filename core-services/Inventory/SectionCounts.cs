namespace TicketBottle.Inventory;

public sealed record SectionCounts(string SectionId, string Name, long PriceVnd, int Capacity, int Held, int Sold);
