using System.Diagnostics;
using System.Text.Json;
using Grpc.Net.Client;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.LocalPlatform;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Bench.Load;

/// <param name="EventId">The on-sale's event.</param>
/// <param name="WarmUpEventId">Another event, sold before the on-sale so that it does not meet a cold platform; none for a cold start.</param>
/// <param name="Processes">Each service's process id, and "host" for this one (functions, local pipe, provider sandbox).</param>
public sealed record HostInfo(string GatewayUrl, string FunctionsUrl, string InventoryUrl, string PaymentUrl, string EventId, string? WarmUpEventId,
    int Capacity, IReadOnlyDictionary<string, int> Processes);

public sealed record HostStats(int EmailsSent, int OrdersEmailed);

/// <summary>
/// The local stack in its own process, so the 10,000 customers' connections and the platform's don't share one file
/// descriptor budget or one GC; each service runs as a process of its own under it. Speaks one JSON line per command
/// over stdin/stdout.
/// </summary>
public static class PlatformHost
{
    public static async Task RunAsync(int admitPerSecond, int maxAdmitted, DemoEvent.Layout[] layout, DemoEvent.Layout[]? warmUpLayout)
    {
        using var smtp = new CollectingSmtpServer();
        await using var platform = await Platform.StartAsync(new PlatformSettings
        {
            SmtpPort = smtp.Port,
            LogLevel = "Warning",
            RateLimitPerSecond = 1_000_000,
            AuthPerMinute = 1_000_000,
            PasswordMemoryKib = 256,
            PasswordIterations = 1,
            CleanupInterval = TimeSpan.FromSeconds(30),
            // As pods run them, and so each service's CPU time is its own.
            ProcessPerService = true,
            TraceDirectory = Environment.GetEnvironmentVariable("TB_LOAD_TRACES") is { Length: > 0 } traces ? Path.GetFullPath(traces) : null,
        });
        var warmUpEventId = warmUpLayout is null
            ? null
            : await DemoEvent.PublishAsync(platform.ServiceUrl("event"), "Load test warm-up", warmUpLayout, admitPerSecond, maxAdmitted);
        var eventId = await DemoEvent.PublishAsync(platform.ServiceUrl("event"), "Load test on-sale", layout, admitPerSecond, maxAdmitted);
        var capacity = layout.Sum(s => s.GaCapacity > 0 ? s.GaCapacity : s.Rows.Length * s.SeatsPerRow);
        Console.WriteLine(JsonSerializer.Serialize(new HostInfo(platform.GatewayUrl.ToString(), platform.FunctionsUrl.ToString(),
            platform.ServiceUrl("inventory").ToString(), platform.ServiceUrl("payment").ToString(), eventId, warmUpEventId, capacity,
            new Dictionary<string, int>(platform.ServiceProcessIds) { ["host"] = Environment.ProcessId })));

        while (Console.ReadLine() is "stats")
        {
            var orders = smtp.Messages.Select(m => m.MessageId).Distinct().Count();
            Console.WriteLine(JsonSerializer.Serialize(new HostStats(smtp.Messages.Count, orders)));
        }
    }

    /// <summary>
    /// Starts the host and drains its stdout for the whole run into <paramref name="logPath"/> (a pipe nobody reads
    /// fills up and blocks the platform's logging, stalling it); protocol replies go to <paramref name="replies"/>.
    /// </summary>
    public static async Task<(Process Process, HostInfo Info)> StartChildAsync(int admitPerSecond, int maxAdmitted, string logPath,
        System.Threading.Channels.Channel<string> replies)
    {
        var startInfo = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var argument in (string[])["host", admitPerSecond.ToString(), maxAdmitted.ToString()])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        _ = Task.Run(async () =>
        {
            await using var log = new StreamWriter(logPath);
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("{\"GatewayUrl\"", StringComparison.Ordinal) || line.StartsWith("{\"EmailsSent\"", StringComparison.Ordinal))
                {
                    await replies.Writer.WriteAsync(line);
                }
                else
                {
                    await log.WriteLineAsync(line);
                }
            }

            replies.Writer.Complete();
        });
        return (process, JsonSerializer.Deserialize<HostInfo>(await replies.Reader.ReadAsync())!);
    }

    public static async Task<HostStats> StatsAsync(Process host, System.Threading.Channels.Channel<string> replies)
    {
        await host.StandardInput.WriteLineAsync("stats");
        return JsonSerializer.Deserialize<HostStats>(await replies.Reader.ReadAsync())!;
    }

    public static async Task<(int Capacity, int Sold, int Held)> InventoryAsync(HostInfo info)
    {
        using var channel = GrpcChannel.ForAddress(info.InventoryUrl);
        var availability = await new InventoryService.InventoryServiceClient(channel.AsPermittedCaller())
            .GetAvailabilityAsync(new GetAvailabilityRequest { EventId = info.EventId });
        return (availability.Sections.Sum(s => s.Capacity), availability.Sections.Sum(s => s.Sold), availability.Sections.Sum(s => s.Held));
    }

    public static async Task<int> SucceededPaymentsAsync(HostInfo info, IEnumerable<string> orderIds)
    {
        using var channel = GrpcChannel.ForAddress(info.PaymentUrl);
        var payments = new PaymentService.PaymentServiceClient(channel.AsPermittedCaller());
        var succeeded = 0;
        foreach (var orderId in orderIds)
        {
            try
            {
                var payment = await payments.GetPaymentAsync(new GetPaymentRequest { OrderId = orderId });
                succeeded += payment.Status == PaymentStatus.Succeeded ? 1 : 0;
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
            {
                // Placement never reached the payment step.
            }
        }

        return succeeded;
    }
}
