namespace TicketBottle.Gateway.Api;

/// <summary>An event as its organizer sees it: drafts too, with the waitroom pacing and ticket limit.</summary>
public sealed record OrganizerEventDto(string EventId, string Status, string Name, string Description, VenueDto Venue, DateTimeOffset StartsAt,
    DateTimeOffset SaleStartsAt, DateTimeOffset SaleEndsAt, IReadOnlyList<SectionDto> Sections, int AdmitPerSecond, int MaxAdmitted,
    int MaxTicketsPerCustomer, string FairStart);
