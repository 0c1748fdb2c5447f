using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Gateway.Api;

public sealed record PaymentDto(string Provider, string ProviderOrderRef, long AmountVnd, DateTimeOffset PayBy);
