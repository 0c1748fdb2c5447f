namespace TicketBottle.Gateway.Api;

public sealed record SectionDto(string SectionId, string Name, long PriceVnd, int Capacity, bool GeneralAdmission);
