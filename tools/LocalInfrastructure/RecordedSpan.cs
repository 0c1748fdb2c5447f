using System.Text.Json;

namespace TicketBottle.LocalInfrastructure;

/// <summary>One line of a trace file the platform's processes wrote (Telemetry's JsonLinesSpanExporter).</summary>
public sealed record RecordedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Service,
    DateTimeOffset Start, double DurationMs, string Status, IReadOnlyDictionary<string, string?> Attributes, IReadOnlyList<string> LinkedTraceIds)
{
    public static IReadOnlyList<RecordedSpan> ReadAll(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.jsonl").SelectMany(ReadFile).ToList()
            : [];

    private static IEnumerable<RecordedSpan> ReadFile(string path)
    {
        // Another process may be appending: read what is complete.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var spans = new List<RecordedSpan>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith('}'))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            spans.Add(new RecordedSpan(
                root.GetProperty("trace_id").GetString()!,
                root.GetProperty("span_id").GetString()!,
                root.GetProperty("parent_span_id").GetString(),
                root.GetProperty("name").GetString()!,
                root.GetProperty("kind").GetString()!,
                root.GetProperty("service").GetString()!,
                root.GetProperty("start").GetDateTimeOffset(),
                root.GetProperty("duration_ms").GetDouble(),
                root.GetProperty("status").GetString()!,
                root.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()),
                root.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("trace_id").GetString()!).ToList()));
        }

        return spans;
    }
}
