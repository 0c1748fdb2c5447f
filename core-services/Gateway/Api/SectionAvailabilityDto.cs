using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Gateway.Api;

public sealed record SectionAvailabilityDto(string SectionId, string Name, long PriceVnd, int Capacity, int Available);
