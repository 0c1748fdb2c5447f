namespace TicketBottle.Gateway.Api;

/// <param name="AdmitPerSecond">Omitted: unchanged. Takes effect at once, also during an on-sale.</param>
public sealed record UpdateEventBody(string? Name, string? Description, DateTimeOffset? StartsAt, DateTimeOffset? SaleStartsAt,
    DateTimeOffset? SaleEndsAt, int? AdmitPerSecond, int? MaxAdmitted);
