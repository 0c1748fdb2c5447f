namespace TicketBottle.Event;

public sealed record EventView(EventRecord Event, VenueRecord Venue, IReadOnlyList<SectionRecord> Sections);
