using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TicketBottle.Functions.Tickets;

public sealed record TicketClaims(string TicketId, string EventId);
