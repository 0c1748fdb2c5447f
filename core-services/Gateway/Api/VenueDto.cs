using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Gateway.Api;

public sealed record VenueDto(string Name, string Address, string TimeZone);
