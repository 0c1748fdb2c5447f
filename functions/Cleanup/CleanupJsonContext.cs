using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Cleanup;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CleanupSummary))]
public sealed partial class CleanupJsonContext : JsonSerializerContext;
