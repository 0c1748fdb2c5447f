namespace TicketBottle.Event;

internal sealed record SectionRow(string SectionId, string Name, long PriceVnd, string RowList, int SeatsPerRow, int GaCapacity);
