using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TicketBottle.Waitroom;

public sealed record AdmissionClaims(string EventId, string CustomerId, DateTimeOffset ExpiresAt, string Nonce);
