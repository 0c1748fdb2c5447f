namespace TicketBottle.Gateway.Api;

/// <summary>What an offline scanner keeps: a QR is valid when SHA-256 of its text (base64url) is a listed fingerprint.</summary>
public sealed record CheckInListDto(string EventId, DateTimeOffset GeneratedAt, IReadOnlyList<CheckInListEntryDto> Tickets);
