using System.Text.Json.Serialization;

namespace TicketBottle.Functions.Analytics;

[JsonSerializable(typeof(AnalyticsSummary))]
public sealed partial class AnalyticsJsonContext : JsonSerializerContext;
