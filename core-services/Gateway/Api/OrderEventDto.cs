using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Gateway.Api;

public sealed record OrderEventDto(string EventId, string Name, string VenueName, DateTimeOffset StartsAt, string TimeZone);
