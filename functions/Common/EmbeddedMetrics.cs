using System.Text.Json;

namespace TicketBottle.Functions.Common;

/// <summary>
/// CloudWatch Embedded Metric Format: one JSON line on stdout per call, which CloudWatch Logs turns into metrics
/// (namespace TicketBottle/Functions, dimension "function"), no API call from the function. Powertools' Metrics is
/// not served here, so this is the smallest writer of the format (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
/// </summary>
public sealed class EmbeddedMetrics(string functionName, TextWriter? output = null, TimeProvider? clock = null)
{
    public const string Namespace = "TicketBottle/Functions";

    private readonly TextWriter _output = output ?? Console.Out;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Writes <paramref name="counts"/> (metric name → value, unit Count); nothing when all are zero.</summary>
    public void Count(IReadOnlyDictionary<string, long> counts)
    {
        if (counts.Values.All(v => v == 0))
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", _clock.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("function");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var name in counts.Keys)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", "Count");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("function", functionName);
            foreach (var (name, value) in counts)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        // One write per line: Lambda's stdout capture never interleaves it with another line.
        _output.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}
