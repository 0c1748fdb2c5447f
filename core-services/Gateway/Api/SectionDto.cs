using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Gateway.Api;

public sealed record SectionDto(string SectionId, string Name, long PriceVnd, int Capacity, bool GeneralAdmission);
