namespace TicketBottle.Waitroom;

/// <param name="Paused">The organizer stopped admissions for now; opening the waitroom again leaves this as it is.</param>
/// <param name="DrawAtOpening">Fair start: who joins before the opening is placed by a draw at the opening.</param>
/// <param name="DrawnAt">When that draw happened; null before.</param>
public sealed record EventWaitroom(string EventId, DateTimeOffset SaleStartsAt, DateTimeOffset SaleEndsAt, int AdmitPerSecond,
    int MaxAdmitted, TimeSpan AdmissionTtl, bool Paused = false, bool DrawAtOpening = false, DateTimeOffset? DrawnAt = null);
