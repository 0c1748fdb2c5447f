namespace TicketBottle.Gateway.Api;

/// <param name="FairStart">"arrival" (the default: first come, first served) or "draw" (who joins before the opening is
/// placed by a verifiable random draw at the opening).</param>
public sealed record CreateEventBody(string? VenueId, string? Name, string? Description, DateTimeOffset? StartsAt, DateTimeOffset? SaleStartsAt,
    DateTimeOffset? SaleEndsAt, SectionLayoutBody[]? Sections, int? AdmitPerSecond, int? MaxAdmitted, int? MaxTicketsPerCustomer,
    string? FairStart = null);
