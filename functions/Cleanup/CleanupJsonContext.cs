using System.Text.Json.Serialization;
using Grpc.Net.Client;
using Serilog;
using TicketBottle.Functions.Common;
using TicketBottle.Logging;

namespace TicketBottle.Functions.Cleanup;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CleanupSummary))]
public sealed partial class CleanupJsonContext : JsonSerializerContext;
