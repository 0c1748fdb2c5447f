namespace TicketBottle.Gateway.Api;

public sealed record OrderPage(IReadOnlyList<OrderDto> Orders, string? NextPageToken);
