namespace TicketBottle.Event;

/// <param name="GateStaffIds">User ids of the accounts that may scan the event's tickets, besides its organizer and admins.</param>
public sealed record EventView(EventRecord Event, VenueRecord Venue, IReadOnlyList<SectionRecord> Sections, IReadOnlyList<string> GateStaffIds);
