namespace TicketBottle.Event;

public sealed record SectionRecord(string SectionId, string Name, long PriceVnd, string[] Rows, int SeatsPerRow, int GaCapacity)
{
    public bool GeneralAdmission => GaCapacity > 0;
    public int Capacity => GeneralAdmission ? GaCapacity : Rows.Length * SeatsPerRow;
}
