namespace TicketBottle.Gateway.Api;

public sealed record EventDto(string EventId, string Name, string Description, VenueDto Venue, DateTimeOffset StartsAt,
    DateTimeOffset SaleStartsAt, DateTimeOffset SaleEndsAt, IReadOnlyList<SectionDto> Sections, string FairStart);
