namespace TicketBottle.Gateway.Api;

/// <param name="Token">The QR code's text.</param>
public sealed record CheckInBody(string? EventId, string? Gate, string? Token);
