using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Grpc.Core;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Api;

public sealed record QueueStatusDto(string EventId, string State, long Ticket, long Position, long QueueLength,
    string? AdmissionToken, DateTimeOffset? AdmissionExpiresAt);
