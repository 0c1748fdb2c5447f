using System.Globalization;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.LocalRun;

/// <summary>
/// `./run.sh trace &lt;order id | trace id&gt;`: the purchase's trace from the spans the platform wrote (it runs with
/// --process-per-service), as an indented tree with each span's service and duration; linked traces (the provider's
/// webhook) follow it.
/// </summary>
public static class TraceTree
{
    public static int Print(string traceDirectory, string orderOrTraceId, TextWriter output)
    {
        var spans = RecordedSpan.ReadAll(traceDirectory);
        var traceId = spans.FirstOrDefault(s => s.TraceId == orderOrTraceId)?.TraceId
                      ?? spans.Where(s => s.Attributes.GetValueOrDefault("ticketbottle.order_id") == orderOrTraceId)
                          .OrderBy(s => s.Start).FirstOrDefault()?.TraceId;
        if (traceId is null)
        {
            output.WriteLine($"No span in {traceDirectory} names order or trace {orderOrTraceId} (is the platform running with --process-per-service?).");
            return 1;
        }

        Write(spans, traceId, output);
        foreach (var linked in spans.Where(s => s.LinkedTraceIds.Contains(traceId)).Select(s => s.TraceId).Distinct())
        {
            output.WriteLine();
            output.WriteLine("linked:");
            Write(spans, linked, output);
        }

        return 0;
    }

    private static void Write(IReadOnlyList<RecordedSpan> all, string traceId, TextWriter output)
    {
        var spans = all.Where(s => s.TraceId == traceId).ToList();
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var children = spans.ToLookup(s => s.ParentSpanId is { } parent && ids.Contains(parent) ? parent : null);
        output.WriteLine($"trace {traceId}: {spans.Count} spans, {spans.Select(s => s.Service).Distinct().Count()} services");
        var origin = spans.Min(s => s.Start);
        void Node(RecordedSpan span, int depth)
        {
            var offset = (span.Start - origin).TotalMilliseconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{new string(' ', depth * 2)}{span.Service,-9} {span.Kind,-8} {span.Name}  +{offset:0} ms  {span.DurationMs:0.0} ms{(span.Status == "Error" ? "  ERROR" : "")}"));
            foreach (var child in children[span.SpanId].OrderBy(c => c.Start))
            {
                Node(child, depth + 1);
            }
        }

        foreach (var root in children[null].OrderBy(s => s.Start))
        {
            Node(root, 0);
        }
    }
}
