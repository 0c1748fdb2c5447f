using System.Text;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Tickets;

namespace TicketBottle.Order;

/// <summary>
/// The gate: a QR token is let in once, only for a paid order of the gate's event. The token's signature proves the
/// platform issued it; the order says whether it still stands; the conditional check-in write decides who was first.
/// </summary>
public sealed class CheckInDesk(IOrderStore orders, CheckInStore checkIns, IOptions<TicketOptions> options, ILogger<CheckInDesk> logger)
{
    private readonly TicketTokens _tokens = new(Encoding.UTF8.GetBytes(options.Value.TokenKey));

    /// <param name="earliestWins">An offline scanner's upload: an earlier scan replaces a later one.</param>
    public async Task<CheckInResult> CheckInAsync(string token, string eventId, string gate, string staffId, DateTimeOffset scannedAt,
        bool earliestWins, CancellationToken cancellationToken)
    {
        // Kept to the millisecond: answer with the time as it is kept, so a later scan reports the same instant.
        scannedAt = DateTimeOffset.FromUnixTimeMilliseconds(scannedAt.ToUnixTimeMilliseconds());
        var result = await DecideAsync(token, eventId, gate, staffId, scannedAt, earliestWins, cancellationToken);
        // Ticket and order ids only: who holds the ticket is personal data.
        logger.LogInformation("Check-in at gate {Gate} of event {EventId}: ticket {TicketId} {Outcome}", gate, eventId,
            result.TicketId is { Length: > 0 } id ? id : "(unreadable)", result.Outcome);
        return result;
    }

    public async Task<CheckInList> GetListAsync(string eventId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paid = await orders.FindConfirmedAsync(eventId, cancellationToken);
        var tickets = paid.SelectMany(o => o.Tickets).ToList();
        var recorded = await checkIns.GetManyAsync(tickets.Select(t => t.TicketId), cancellationToken);
        var list = new CheckInList { EventId = eventId, GeneratedAt = Timestamp.FromDateTimeOffset(now) };
        list.Tickets.AddRange(tickets.Select(t =>
        {
            var entry = new CheckInListEntry
            {
                TicketId = t.TicketId,
                TokenFingerprint = TicketTokens.Fingerprint(_tokens.Sign(new TicketClaims(t.TicketId, eventId))),
                SeatId = t.SeatId, SectionName = t.SectionName, Row = t.Row, SeatNumber = t.SeatNumber,
            };
            if (recorded.TryGetValue(t.TicketId, out var scan))
            {
                entry.CheckedInAt = Timestamp.FromDateTimeOffset(scan.ScannedAt);
                entry.CheckedInGate = scan.Gate;
            }

            return entry;
        }));
        logger.LogInformation("Check-in list of event {EventId}: {TicketCount} tickets of {OrderCount} paid orders, {CheckedIn} checked in",
            eventId, list.Tickets.Count, paid.Count, recorded.Count);
        return list;
    }

    private async Task<CheckInResult> DecideAsync(string token, string eventId, string gate, string staffId, DateTimeOffset scannedAt,
        bool earliestWins, CancellationToken cancellationToken)
    {
        if (_tokens.Verify(token) is not { } claims)
        {
            return new CheckInResult { Outcome = CheckInOutcome.UnknownTicket, EventId = eventId };
        }

        var result = new CheckInResult { TicketId = claims.TicketId, EventId = claims.EventId };
        if (claims.EventId != eventId)
        {
            result.Outcome = CheckInOutcome.WrongEvent;
            return result;
        }

        var order = OrderIdOf(claims.TicketId) is { } orderId ? await orders.GetAsync(orderId, cancellationToken) : null;
        if (order?.Tickets.FirstOrDefault(t => t.TicketId == claims.TicketId) is not { } ticket)
        {
            result.Outcome = CheckInOutcome.UnknownTicket;
            return result;
        }

        (result.SeatId, result.SectionName, result.Row, result.SeatNumber) = (ticket.SeatId, ticket.SectionName, ticket.Row, ticket.SeatNumber);
        result.OrderState = OrderGrpcService.ToProto(order.State);
        if (order.State != OrderStatus.Confirmed)
        {
            result.Outcome = CheckInOutcome.OrderNotValid;
            return result;
        }

        var standing = await checkIns.TryRecordAsync(new CheckInRecord(claims.TicketId, eventId, scannedAt, gate, staffId), earliestWins,
            cancellationToken);
        result.Outcome = standing is null ? CheckInOutcome.Admitted : CheckInOutcome.AlreadyUsed;
        result.FirstScannedAt = Timestamp.FromDateTimeOffset(standing?.ScannedAt ?? scannedAt);
        result.FirstGate = standing?.Gate ?? gate;
        return result;
    }

    /// <summary>Ticket ids are "&lt;order id&gt;-&lt;NN&gt;" (OrderSaga); null for anything else.</summary>
    private static string? OrderIdOf(string ticketId) =>
        ticketId.LastIndexOf('-') is var dash and > 0 && Guid.TryParse(ticketId[..dash], out _) ? ticketId[..dash] : null;
}
