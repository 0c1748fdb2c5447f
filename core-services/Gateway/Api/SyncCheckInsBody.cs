namespace TicketBottle.Gateway.Api;

public sealed record SyncCheckInsBody(string? EventId, string? Gate, OfflineScanBody[]? Scans);
