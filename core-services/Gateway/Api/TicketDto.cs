using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Gateway.Api;

public sealed record TicketDto(string TicketId, string SeatId, string SectionName, string Row, int SeatNumber, long PriceVnd);
