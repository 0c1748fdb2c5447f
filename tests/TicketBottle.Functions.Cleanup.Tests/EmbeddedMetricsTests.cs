using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TicketBottle.Functions.Common;

namespace TicketBottle.Functions.Cleanup.Tests;

/// <summary>The functions' metrics are CloudWatch Embedded Metric Format lines; CloudWatch drops a malformed one silently.</summary>
public sealed class EmbeddedMetricsTests
{
    [Fact]
    public void A_count_is_one_emf_line_naming_namespace_dimension_units_and_values()
    {
        var output = new StringWriter();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        new EmbeddedMetrics("email-sender", output, clock).Count(new Dictionary<string, long> { ["EmailsSent"] = 3, ["EmailsFailed"] = 0 });

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("TicketBottle/Functions", directive.GetProperty("Namespace").GetString());
        // Every dimension set names only members present at the root.
        var dimensions = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray()).EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Equal(["function"], dimensions);
        Assert.Equal("email-sender", root.GetProperty("function").GetString());
        var metrics = directive.GetProperty("Metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["EmailsSent"] = "Count", ["EmailsFailed"] = "Count" }, metrics);
        Assert.Equal(3, root.GetProperty("EmailsSent").GetInt64());
        Assert.Equal(0, root.GetProperty("EmailsFailed").GetInt64());
    }

    [Fact]
    public void Nothing_is_written_when_every_count_is_zero()
    {
        var output = new StringWriter();

        new EmbeddedMetrics("cleanup", output).Count(new Dictionary<string, long> { ["SweepsFailed"] = 0 });

        Assert.Equal("", output.ToString());
    }
}
