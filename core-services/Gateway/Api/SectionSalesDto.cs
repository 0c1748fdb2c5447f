namespace TicketBottle.Gateway.Api;

public sealed record SectionSalesDto(string SectionId, string Name, long PriceVnd, int Capacity, int Available, int Held, int Sold, long RevenueVnd);
