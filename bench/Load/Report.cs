using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TicketBottle.Bench.Load;

public sealed record LoadResult(
    DateTimeOffset StartedAt,
    string Machine,
    object Settings,
    double OnSaleSeconds,
    double RequestsPerSecond,
    List<EndpointSummary> Endpoints,
    List<EndpointSummary> CustomerWaits,
    double QueueWaitP50Ms,
    double QueueWaitP99Ms,
    int PeakConcurrentWatchers,
    int Capacity,
    int SeatsSold,
    int SeatsStillHeld,
    int OrdersPlaced,
    int OrdersConfirmed,
    double ConfirmLagP50Ms,
    double ConfirmLagP99Ms,
    int PaymentsSucceeded,
    int EmailsSent,
    int CustomersSoldOut,
    IReadOnlyDictionary<string, long> Errors,
    List<SecondSample> Timeline,
    List<ServiceCpu> Cpu);

/// <summary>A service process's CPU time during the on-sale, and that divided by every request the customers made.</summary>
public sealed record ServiceCpu(string Service, double CpuMs, double MsPerRequest);

/// <summary>Writes the JSON result and a self-contained HTML page with an SVG chart of p99 latency per second.</summary>
public static class Report
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"];

    public static (string Json, string Html) Write(LoadResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var stamp = result.StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = Path.Combine(directory, $"load-{stamp}.json");
        var html = Path.Combine(directory, $"load-{stamp}.html");
        File.WriteAllText(json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(html, Chart(result));
        return (json, html);
    }

    private static string Chart(LoadResult result)
    {
        const int width = 900, height = 360, left = 60, bottom = 30;
        var seconds = Math.Max(1, result.Timeline.Select(s => s.Second).DefaultIfEmpty(0).Max());
        var maxMs = Math.Max(1, result.Timeline.Select(s => s.P99Ms).DefaultIfEmpty(1).Max());
        double X(int second) => left + (width - left - 10) * second / (double)seconds;
        double Y(double ms) => height - bottom - (height - bottom - 10) * ms / maxMs;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height + 20 * result.Endpoints.Count}' font-family='sans-serif' font-size='12'>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1='{left}' y1='{height - bottom}' x2='{width}' y2='{height - bottom}' stroke='#333'/><line x1='{left}' y1='10' x2='{left}' y2='{height - bottom}' stroke='#333'/>");
        for (var i = 0; i <= 4; i++)
        {
            var ms = maxMs * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x='4' y='{Y(ms) + 4:F0}'>{ms:F0} ms</text><line x1='{left}' y1='{Y(ms):F0}' x2='{width}' y2='{Y(ms):F0}' stroke='#eee'/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x='{width / 2}' y='{height - 5}'>seconds since the on-sale opened (p99 per endpoint per second)</text>");
        var index = 0;
        foreach (var endpoint in result.Endpoints.Select(e => e.Endpoint))
        {
            var color = Colors[index % Colors.Length];
            var points = string.Join(' ', result.Timeline.Where(s => s.Endpoint == endpoint)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{X(s.Second):F1},{Y(s.P99Ms):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill='none' stroke='{color}' stroke-width='1.5' points='{points}'/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x='{left}' y='{height + 20 * index + 4}' width='12' height='12' fill='{color}'/><text x='{left + 18}' y='{height + 20 * index + 15}'>{endpoint}</text>");
            index++;
        }

        svg.Append("</svg>");
        var rows = string.Concat(result.Endpoints.Concat(result.CustomerWaits.Select(w => w with { Endpoint = $"{w.Endpoint}+retries" }))
            .Select(e => string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{e.Endpoint}</td><td>{e.Requests}</td><td>{e.P50Ms:F1}</td><td>{e.P95Ms:F1}</td><td>{e.P99Ms:F1}</td><td>{e.MaxMs:F1}</td></tr>")));
        return $"""
                <!doctype html><meta charset="utf-8"><title>TicketBottle load test {result.StartedAt:u}</title>
                <h1>TicketBottle load test</h1>
                <p>{result.Machine}. {result.RequestsPerSecond:F0} requests/s over {result.OnSaleSeconds:F0} s; seats sold {result.SeatsSold} of {result.Capacity};
                orders confirmed {result.OrdersConfirmed}, payments succeeded {result.PaymentsSucceeded}, e-mails {result.EmailsSent}.</p>
                <table border="1" cellpadding="4"><tr><th>endpoint</th><th>requests</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>{rows}</table>
                {svg}
                """;
    }
}
