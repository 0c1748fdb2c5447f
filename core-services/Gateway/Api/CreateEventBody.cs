namespace TicketBottle.Gateway.Api;

public sealed record CreateEventBody(string? VenueId, string? Name, string? Description, DateTimeOffset? StartsAt, DateTimeOffset? SaleStartsAt,
    DateTimeOffset? SaleEndsAt, SectionLayoutBody[]? Sections, int? AdmitPerSecond, int? MaxAdmitted, int? MaxTicketsPerCustomer);
