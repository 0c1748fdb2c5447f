namespace TicketBottle.Gateway.Api;

/// <param name="AdmittedNow">Customers shopping now (admission not lapsed), at most <paramref name="MaxAdmitted"/>.</param>
public sealed record WaitroomStateDto(bool Paused, long QueueLength, long AdmittedNow, int AdmitPerSecond, int MaxAdmitted);
