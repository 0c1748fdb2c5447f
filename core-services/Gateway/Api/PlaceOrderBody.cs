using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Gateway.Api;

public sealed record PlaceOrderBody(string? EventId, string[]? SeatIds, string? SectionId, int? Quantity, string? PaymentProvider);
