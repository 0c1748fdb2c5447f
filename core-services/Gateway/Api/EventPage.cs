namespace TicketBottle.Gateway.Api;

public sealed record EventPage(IReadOnlyList<EventDto> Events, string? NextPageToken);
