namespace TicketBottle.Gateway.Api;

public sealed record SectionAvailabilityDto(string SectionId, string Name, long PriceVnd, int Capacity, int Available);
