using System.Text.Json.Serialization;
using Grpc.Net.Client;
using Serilog;
using TicketBottle.Functions.Common;
using TicketBottle.Logging;

namespace TicketBottle.Functions.Cleanup;

public sealed record CleanupSummary(
    [property: JsonPropertyName("trigger_id")] string? TriggerId,
    [property: JsonPropertyName("sweeps")] IReadOnlyList<SweepReport> Sweeps);
