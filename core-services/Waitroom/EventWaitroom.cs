namespace TicketBottle.Waitroom;

/// <param name="Paused">The organizer stopped admissions for now; opening the waitroom again leaves this as it is.</param>
public sealed record EventWaitroom(string EventId, DateTimeOffset SaleStartsAt, DateTimeOffset SaleEndsAt, int AdmitPerSecond,
    int MaxAdmitted, TimeSpan AdmissionTtl, bool Paused = false);
