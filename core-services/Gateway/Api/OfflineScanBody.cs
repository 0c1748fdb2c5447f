namespace TicketBottle.Gateway.Api;

public sealed record OfflineScanBody(string? Token, DateTimeOffset? ScannedAt);
