namespace TicketBottle.Waitroom;

public sealed record AdmitResult(bool UnknownEvent, bool NotStarted, IReadOnlyList<string> Admitted);
