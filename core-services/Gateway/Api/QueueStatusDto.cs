namespace TicketBottle.Gateway.Api;

/// <param name="State">waiting, admitted, awaiting_draw (joined before a fair start's draw: no place yet), replaced, removed.</param>
/// <param name="DrawEntry">Awaiting the draw: the customer's entry, which the published draw lists.</param>
public sealed record QueueStatusDto(string EventId, string State, long Ticket, long Position, long QueueLength,
    string? AdmissionToken, DateTimeOffset? AdmissionExpiresAt, long? DrawEntry = null, DateTimeOffset? DrawAt = null);
