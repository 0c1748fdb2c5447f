namespace TicketBottle.Gateway.Api;

/// <param name="TimeZone">IANA zone, e.g. "Asia/Ho_Chi_Minh": tickets and pages show the venue's local time.</param>
public sealed record CreateVenueBody(string? Name, string? Address, string? TimeZone);
