namespace TicketBottle.Gateway.Api;

public sealed record AvailabilityDto(string EventId, IReadOnlyList<SectionAvailabilityDto> Sections);
