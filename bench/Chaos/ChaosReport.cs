using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TicketBottle.Bench.Chaos;

/// <summary>The run as JSON, and as an HTML page: failed attempts per second over the on-sale, each fault's window shaded.</summary>
public static class ChaosReport
{
    public static (string Json, string Html) Write(ChaosResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"chaos-{result.StartedAt:yyyyMMdd-HHmmss}");
        File.WriteAllText($"{stem}.json", JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));

        const int width = 1000, height = 220;
        var seconds = Math.Max(1, (int)Math.Ceiling(Math.Max(result.OnSaleSeconds, result.Errors.Select(e => e.At).DefaultIfEmpty(0).Max())));
        var perSecond = new int[seconds + 1];
        foreach (var error in result.Errors)
        {
            perSecond[Math.Min(seconds, (int)error.At)]++;
        }

        var peak = Math.Max(1, perSecond.Max());
        double X(double second) => second / seconds * width;
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 20}\">");
        foreach (var fault in result.Faults)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(fault.StartedAt):F1}\" y=\"0\" width=\"{Math.Max(2, X(fault.RepairedAt) - X(fault.StartedAt)):F1}\" height=\"{height}\" fill=\"#fde2c4\"><title>{WebUtility.HtmlEncode(fault.Fault)}</title></rect>");
        }

        for (var second = 0; second <= seconds; second++)
        {
            var bar = (double)perSecond[second] / peak * (height - 10);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(second):F1}\" y=\"{height - bar:F1}\" width=\"{Math.Max(1, X(1) - 1):F1}\" height=\"{bar:F1}\" fill=\"#c0392b\"><title>{second} s: {perSecond[second]}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 15}\" font-size=\"12\">0 s</text><text x=\"{width - 40}\" y=\"{height + 15}\" font-size=\"12\">{seconds} s</text></svg>");
        var rows = string.Concat(result.Invariants.Select(i =>
            $"<tr><td>{(i.Holds ? "holds" : "<b>BROKEN</b>")}</td><td>{WebUtility.HtmlEncode(i.Name)}</td><td>{WebUtility.HtmlEncode(i.Detail)}</td></tr>"));
        var faults = string.Concat(result.Faults.Select(f =>
            $"<tr><td>{WebUtility.HtmlEncode(f.Fault)}</td><td>{f.StartedAt:F1}</td><td>{f.RepairedAt:F1}</td><td>{WebUtility.HtmlEncode(f.Failure ?? "")}</td></tr>"));
        File.WriteAllText($"{stem}.html", $"""
            <!doctype html><meta charset="utf-8"><title>TicketBottle chaos run {result.StartedAt:u}</title>
            <h1>Chaos run {result.StartedAt:u}</h1><p>{WebUtility.HtmlEncode(result.Machine)}; {result.OrdersPlaced} orders placed; on-sale {result.OnSaleSeconds:F0} s.</p>
            <h2>Failed attempts per second (shaded: a fault until its repair)</h2>{svg}
            <h2>Invariants</h2><table border="1" cellpadding="4">{rows}</table>
            <h2>Faults</h2><table border="1" cellpadding="4"><tr><th>fault</th><th>from s</th><th>to s</th><th>injection failure</th></tr>{faults}</table>
            """);
        return ($"{stem}.json", $"{stem}.html");
    }
}
