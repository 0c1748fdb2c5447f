namespace TicketBottle.Gateway.Api;

public sealed record OrganizerEventPage(IReadOnlyList<OrganizerEventDto> Events, string? NextPageToken);
