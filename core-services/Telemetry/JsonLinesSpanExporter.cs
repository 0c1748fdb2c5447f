using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace TicketBottle.Telemetry;

/// <summary>
/// Finished spans as JSON lines in a local file, for running without a collector (no OTLP receiver is installable
/// here); the OTLP exporter does this job in AWS. One object per span: ids, parent, links, timing, status, attributes.
/// </summary>
public sealed class JsonLinesSpanExporter : BaseExporter<Activity>
{
    private readonly string _serviceName;
    private readonly StreamWriter _writer;

    public JsonLinesSpanExporter(string directory, string serviceName)
    {
        _serviceName = serviceName;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{serviceName}-{Environment.ProcessId}.jsonl");
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = false };
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var service = ParentProvider?.GetResource().Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string ?? _serviceName;
        try
        {
            foreach (var span in batch)
            {
                _writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["trace_id"] = span.TraceId.ToHexString(),
                    ["span_id"] = span.SpanId.ToHexString(),
                    ["parent_span_id"] = span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString(),
                    ["name"] = span.DisplayName,
                    ["kind"] = span.Kind.ToString(),
                    ["service"] = service,
                    ["scope"] = span.Source.Name,
                    ["start"] = span.StartTimeUtc.ToString("O", CultureInfo.InvariantCulture),
                    ["duration_ms"] = Math.Round(span.Duration.TotalMilliseconds, 3),
                    ["status"] = span.Status.ToString(),
                    ["status_description"] = span.StatusDescription,
                    ["attributes"] = span.TagObjects.ToDictionary(t => t.Key, t => t.Value?.ToString()),
                    ["links"] = span.Links.Select(l => new Dictionary<string, string>
                    {
                        ["trace_id"] = l.Context.TraceId.ToHexString(),
                        ["span_id"] = l.Context.SpanId.ToHexString(),
                    }).ToList(),
                }));
            }

            _writer.Flush();
            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
