namespace TicketBottle.Waitroom;

public sealed record EventWaitroom(string EventId, DateTimeOffset SaleStartsAt, DateTimeOffset SaleEndsAt, int AdmitPerSecond,
    int MaxAdmitted, TimeSpan AdmissionTtl);
