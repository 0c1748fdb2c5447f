using System.Runtime.InteropServices;
using TicketBottle.LocalPlatform;
using TicketBottle.LocalRun;
using TicketBottle.LocalInfrastructure;

// ./run.sh [--fresh] [--data DIR] [--process-per-service]
//                                   the whole platform on 127.0.0.1, data kept under .local/ between runs; with
//                                   --process-per-service each service runs as its own process, configured as a pod is
// ./run.sh demo                     plays one purchase against the running stack
// ./run.sh invoke Function -e events/x.json [--env-vars f.json] [--parameter-overrides K=V ...]
//                                   one function of template.yaml, as `sam local invoke` runs it
// ./run.sh trace ORDER_ID|TRACE_ID  the purchase's trace as a tree (from a platform run with --process-per-service)
var dataDirectory = Path.GetFullPath(Option("--data") ?? Path.Combine(RepositoryPaths.Root, ".local"));
// The running services and `./run.sh invoke` in another process must sign and check with the same keys.
LocalServiceIdentities.KeepIn(dataDirectory);
if (args.FirstOrDefault() == "invoke")
{
    return await Invoke.RunAsync(args);
}

if (args.FirstOrDefault() == "trace" && args.Length > 1)
{
    return TraceTree.Print(Path.Combine(dataDirectory, "traces"), args[1], Console.Out);
}

if (args.Contains("demo"))
{
    return await Demo.RunAsync(dataDirectory);
}

if (args.Contains("--fresh") && Directory.Exists(dataDirectory))
{
    await ProcessRunner.RunAsUserAsync(null, "rm", ["-rf", dataDirectory], TimeSpan.FromMinutes(1));
}

Directory.CreateDirectory(dataDirectory);
FileStream runLock;
try
{
    // Released by the OS if this process dies, so a crash never blocks the next start.
    runLock = new FileStream(Path.Combine(dataDirectory, "run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
catch (IOException)
{
    Console.Error.WriteLine($"TicketBottle is already running with data in {dataDirectory} (stop it with Ctrl-C first).");
    return 1;
}

await Leftovers.StopAsync(dataDirectory, $"redis-server 127.0.0.1:{LocalPorts.Redis}");
using var shutdown = new CancellationTokenSource();
// Ctrl-C (SIGINT) or a plain kill (SIGTERM): stop the services first, then the servers they use.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var processPerService = args.Contains("--process-per-service");
Console.WriteLine($"Starting TicketBottle locally (data in {dataDirectory})…");
using var inbox = await NodeToolServer.StartMailDevAsync(LocalPorts.MailSmtp, LocalPorts.MailWeb, Path.Combine(dataDirectory, "mail"));
var settings = LocalPorts.Settings(dataDirectory) with
{
    CleanupInterval = TimeSpan.FromSeconds(int.Parse(Option("--cleanup-seconds") ?? "30")),
    LogLevel = Option("--log-level") ?? "Warning",
    ProcessPerService = processPerService,
    // As pods would: spans to files (OTLP has no receiver here) and each service's log lines kept.
    TraceDirectory = processPerService ? Path.Combine(dataDirectory, "traces") : null,
    LogDirectory = processPerService ? Path.Combine(dataDirectory, "logs") : null,
};
await using var platform = await Platform.StartAsync(settings);
var demoEvent = await Demo.EnsureDemoEventAsync(platform, settings.StaffEmail);

Console.WriteLine();
Console.WriteLine($"  Storefront             {platform.GatewayUrl}");
Console.WriteLine($"  Organizer console      {new Uri(platform.GatewayUrl, "/console.html")}  ({settings.OrganizerEmail} / {settings.LocalPassword})");
Console.WriteLine($"  Gate scanner           {new Uri(platform.GatewayUrl, "/gate.html")}  ({settings.StaffEmail} / {settings.LocalPassword})");
Console.WriteLine($"  Admin (grants roles)   PUT {new Uri(platform.GatewayUrl, "/api/v1/admin/roles")}  ({settings.AdminEmail} / {settings.LocalPassword})");
Console.WriteLine($"  Gateway (public API)   {platform.GatewayUrl}api/v1");
Console.WriteLine($"  OpenAPI document       {new Uri(platform.GatewayUrl, "/openapi/v1.json")}");
Console.WriteLine($"  Functions (HTTP API)   {platform.FunctionsUrl}  POST /webhooks/zalopay, POST /webhooks/payos, GET /orders/{{orderId}}/tickets.pdf");
Console.WriteLine($"  Email inbox (maildev)  {LocalPorts.InboxUrl}");
Console.WriteLine($"  PayOS/ZaloPay sandbox  {platform.Providers.BaseUrl}  (checkout pages an order's checkoutUrl opens; they call the webhooks)");
foreach (var (name, url) in platform.Topology.Urls.Services)
{
    Console.WriteLine($"  {name,-22} {url}");
}

Console.WriteLine($"  PostgreSQL             {platform.PostgresAdminConnectionString}");
var topology = platform.Topology;
Console.WriteLine($"  Redis {topology.RedisEndpoint}   Kafka (mock) {topology.KafkaBootstrapServers}   DynamoDB {topology.DynamoDbUrl}   S3 {topology.S3Url}");
Console.WriteLine($"  Functions              {string.Join(", ", platform.Functions.Functions)}; Cleanup every {Option("--cleanup-seconds") ?? "30"} s");
Console.WriteLine($"  Demo event             {demoEvent}");
foreach (var (name, url) in platform.MetricsUrls)
{
    Console.WriteLine($"  {name} metrics{new string(' ', Math.Max(1, 15 - name.Length))}{url}");
}

if (processPerService)
{
    Console.WriteLine($"  Traces and logs        {Path.Combine(dataDirectory, "traces")}, {Path.Combine(dataDirectory, "logs")}; `./run.sh trace ORDER_ID` prints one");
}
Console.WriteLine("\nRunning. `./run.sh demo` in another terminal plays a purchase. Ctrl-C stops everything.");

try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("Stopping…");
await platform.DisposeAsync();
runLock.Dispose();
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

string? Option(string name) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;
