using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TicketBottle.Bench.Load;
using TicketBottle.LocalInfrastructure;
using TicketBottle.LocalPlatform;

// dotnet run -c Release --project bench/Load -- [--customers 10000] [--seats 3000] [--admit-rate 50] [--ramp-seconds 10] [--out DIR]
//   [--traces DIR]: every service writes its spans there (JSON lines), to see where a slow order's time went; costs CPU.
//   [--warm-up 300]: that many other customers first buy seats of another event, as a platform that has sold tickets
//   before an on-sale would have; 0 starts the on-sale on a platform that has served nothing but sign-ups.
// The driver reads Inventory and Payment directly: it and the platform process must share the service identity keys.
TicketBottle.LocalInfrastructure.LocalServiceIdentities.KeepIn(Path.Combine(Path.GetTempPath(), "ticketbottle-load"));
if (args.FirstOrDefault() == "host")
{
    var warmUpSeats = int.Parse(Environment.GetEnvironmentVariable("TB_LOAD_WARM_UP_SEATS")!);
    await PlatformHost.RunAsync(int.Parse(args[1]), int.Parse(args[2]), Layout(int.Parse(Environment.GetEnvironmentVariable("TB_LOAD_SEATS")!)),
        warmUpSeats > 0 ? Layout(warmUpSeats) : null);
    return 0;
}

var customers = int.Parse(Option("--customers") ?? "10000");
var seats = int.Parse(Option("--seats") ?? "3000");
var admitRate = int.Parse(Option("--admit-rate") ?? "50");
var ramp = TimeSpan.FromSeconds(int.Parse(Option("--ramp-seconds") ?? "10"));
var warmUpCustomers = int.Parse(Option("--warm-up") ?? "300");
var output = Option("--out") ?? Path.Combine(TicketBottle.LocalInfrastructure.RepositoryPaths.Root, "bench", "Load", "results");
Environment.SetEnvironmentVariable("TB_LOAD_SEATS", seats.ToString());
Environment.SetEnvironmentVariable("TB_LOAD_WARM_UP_SEATS", (2 * warmUpCustomers).ToString());
Environment.SetEnvironmentVariable("TB_LOAD_TRACES", Option("--traces"));

Console.WriteLine($"Starting the platform (child process) with an on-sale of {seats} seats, admission {admitRate}/s…");
var replies = System.Threading.Channels.Channel.CreateUnbounded<string>();
var hostLog = Path.Combine(output, $"host-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log");
var (host, info) = await PlatformHost.StartChildAsync(admitRate, customers, hostLog, replies);
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
}) { Timeout = TimeSpan.FromMinutes(5) };
var gateway = new Uri(info.GatewayUrl);

Console.WriteLine($"Signing up {customers + warmUpCustomers} customers (16 at a time; not part of the on-sale figures)…");
var signUp = new Recorder();
// The on-sale's customers first, then the warm-up's.
var tokens = new string?[customers + warmUpCustomers];
await Parallel.ForEachAsync(Enumerable.Range(0, tokens.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
{
    var email = $"load{i}.{Guid.NewGuid():N}@example.vn";
    var registered = await signUp.TimeAsync("register", () => http.PostAsJsonAsync(new Uri(gateway, "/api/v1/auth/register"), new { email, password = "load-test-password", fullName = $"Khách {i}" }));
    var login = await signUp.TimeAsync("login", () => http.PostAsJsonAsync(new Uri(gateway, "/api/v1/auth/login"), new { email, password = "load-test-password" }));
    if (registered.IsSuccessStatusCode && login.IsSuccessStatusCode)
    {
        tokens[i] = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }
    else
    {
        signUp.Error($"sign-up {(int)registered.StatusCode}/{(int)login.StatusCode}");
    }
});
if (signUp.Errors.Count > 0)
{
    Console.WriteLine($"  sign-up failures (those customers sit the on-sale out): {string.Join(", ", signUp.Errors.Select(e => $"{e.Key} × {e.Value}"))}");
}
Console.WriteLine($"  {tokens.Length / signUp.Elapsed.TotalSeconds:F0} sign-ups/s; " +
                  string.Join("; ", signUp.Summaries().Select(e => $"{e.Endpoint} p50 {e.P50Ms:F0} ms p99 {e.P99Ms:F0} ms")));

var sectionIds = new[] { "VIP", "A", "GA" };
var emailsBefore = new HostStats(0, 0);
if (warmUpCustomers > 0)
{
    // Sign-ups warmed the Gateway and User only. Without this, the first ~10 s of the on-sale measure every other
    // process's first calls (JIT, connections, the AWS SDK's set-up, dynalite's own warm-up: its calls took 100–500 ms
    // then, ~10 ms after), which a platform serving other sales before an on-sale does not pay.
    Console.WriteLine($"Warm-up (not in the figures): {warmUpCustomers} other customers buy seats of another event…");
    var warmUp = new Phase(info.WarmUpEventId!);
    await RunSaleAsync(warmUp, Enumerable.Range(customers, warmUpCustomers), TimeSpan.FromSeconds(5));
    var warmConfirmed = await ConfirmedAsync(warmUp);
    emailsBefore = await MailedAsync(warmConfirmed, new HostStats(0, 0));
    var order = warmUp.Requests.Summaries().FirstOrDefault(e => e.Endpoint == "order");
    Console.WriteLine($"  {warmUp.Placed.Count} orders, {warmConfirmed} confirmed, {emailsBefore.OrdersEmailed} e-mailed; " +
                      $"order p50 {order?.P50Ms:F0} ms, p99 {order?.P99Ms:F0} ms");
}

Console.WriteLine($"On-sale: {customers} customers join the waitroom within {ramp.TotalSeconds:F0} s and follow their position…");
var onSale = new Phase(info.EventId);
var recorder = onSale.Requests;
var startedAt = DateTimeOffset.UtcNow;
// The load generator shares the box: its own CPU is in the table too, as "driver".
var processes = new Dictionary<string, int>(info.Processes) { ["driver"] = Environment.ProcessId };
var cpuBefore = processes.ToDictionary(p => p.Key, p => ProcessStats.CpuTime(p.Value));
// The stand-ins for what AWS runs as managed services share the two cores too; found by name, machine-wide.
var standIns = new Dictionary<string, Func<string, string, bool>>
{
    ["PostgreSQL"] = (command, _) => command == "postgres",
    ["Redis"] = (command, _) => command == "redis-server",
    ["dynalite"] = (command, commandLine) => command == "node" && commandLine.Contains("/dynalite", StringComparison.Ordinal),
    ["s3rver"] = (command, commandLine) => command == "node" && commandLine.Contains("/s3rver", StringComparison.Ordinal),
};
var standInCpuBefore = standIns.ToDictionary(s => s.Key, s => ProcessStats.CpuTimeOfAll(s.Value));
var machineBusyBefore = ProcessStats.MachineBusyTime();
var overflowsBefore = ProcessStats.ListenOverflows();
await RunSaleAsync(onSale, Enumerable.Range(0, customers), ramp);
var onSaleSeconds = recorder.Elapsed.TotalSeconds;
var listenOverflows = ProcessStats.ListenOverflows() - overflowsBefore;
var machineBusy = ProcessStats.MachineBusyTime() - machineBusyBefore;
var cpu = processes.Select(p => (p.Key, Used: ProcessStats.CpuTime(p.Value) - cpuBefore[p.Key]))
    .Concat(standIns.Select(s => (s.Key, Used: ProcessStats.CpuTimeOfAll(s.Value) - standInCpuBefore[s.Key])))
    .Select(p => new ServiceCpu(p.Key, p.Used.TotalMilliseconds, p.Used.TotalMilliseconds / Math.Max(1, recorder.TotalRequests)))
    .OrderByDescending(c => c.CpuMs).ToList();
Console.WriteLine($"  on-sale over after {onSaleSeconds:F0} s; {onSale.Placed.Count} orders placed, {onSale.SoldOut} customers found it sold out");

Console.WriteLine("Waiting for every paid order to be confirmed…");
var confirmed = await ConfirmedAsync(onSale);
Console.WriteLine("Waiting for the e-mails (EmailSender renders one PDF per order)…");
var mailWait = System.Diagnostics.Stopwatch.StartNew();
var stats = await MailedAsync(confirmed, emailsBefore);
Console.WriteLine($"  {stats.OrdersEmailed} e-mails {mailWait.Elapsed.TotalSeconds:F0} s after the last confirmation");
var (capacity, sold, held) = await PlatformHost.InventoryAsync(info);
var payments = await PlatformHost.SucceededPaymentsAsync(info, onSale.Placed.Select(p => p.OrderId));
host.StandardInput.Close();
await host.WaitForExitAsync();

var result = new LoadResult(startedAt, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
    new { customers, seats, admitRate, rampSeconds = ramp.TotalSeconds, warmUpCustomers, passwordHashing = "Argon2id lowered to 256 KiB / 1 pass for sign-up speed", signUpErrors = signUp.Errors },
    onSaleSeconds, recorder.TotalRequests / onSaleSeconds, recorder.Summaries(), onSale.CustomerWaits.Summaries(),
    onSale.QueueWaits.GetValueAtPercentile(50) / 1000.0, onSale.QueueWaits.GetValueAtPercentile(99) / 1000.0, onSale.PeakWatching,
    capacity, sold, held, onSale.Placed.Count, confirmed, onSale.ConfirmLags.GetValueAtPercentile(50) / 1000.0, onSale.ConfirmLags.GetValueAtPercentile(99) / 1000.0, payments, stats.OrdersEmailed, onSale.SoldOut, recorder.Errors, recorder.Timeline(), cpu);
var (jsonPath, htmlPath) = Report.Write(result, output);

Console.WriteLine();
// "+retries": what the customer waited, first attempt → final answer, retry pauses included.
Console.WriteLine($"{"endpoint",-14} {"requests",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var e in result.Endpoints.Concat(result.CustomerWaits.Select(w => w with { Endpoint = $"{w.Endpoint}+retries" })))
{
    Console.WriteLine($"{e.Endpoint,-14} {e.Requests,9} {e.P50Ms,8:F1} {e.P95Ms,8:F1} {e.P99Ms,8:F1} {e.MaxMs,8:F1}");
}

Console.WriteLine($"requests/s during the on-sale: {result.RequestsPerSecond:F0}; peak concurrent waitroom streams: {onSale.PeakWatching}");
Console.WriteLine($"CPU during the on-sale ({recorder.TotalRequests} requests; 'host' = functions, local pipe, provider sandbox, " +
                  "Kafka mock; PostgreSQL, Redis, dynalite, s3rver by name, machine-wide): " +
                  string.Join(", ", cpu.Select(c => $"{c.Service} {c.CpuMs / 1000:F1} s = {c.MsPerRequest:F2} ms/request")));
Console.WriteLine($"the machine's cores were busy {machineBusy.TotalSeconds:F1} s of {Environment.ProcessorCount * onSaleSeconds:F0} s " +
                  $"({Environment.ProcessorCount} cores × the on-sale); the processes above: {cpu.Sum(c => c.CpuMs) / 1000:F1} s");
Console.WriteLine($"connections dropped by a full accept queue (kernel ListenOverflows, whole machine): {listenOverflows}");
Console.WriteLine($"queue wait (join → admitted): p50 {result.QueueWaitP50Ms / 1000:F1} s, p99 {result.QueueWaitP99Ms / 1000:F1} s");
Console.WriteLine($"paid → confirmed: p50 {result.ConfirmLagP50Ms / 1000:F1} s, p99 {result.ConfirmLagP99Ms / 1000:F1} s");
Console.WriteLine($"seats sold {sold} of {capacity} (still held {held}) — {(sold <= capacity ? "never oversold" : "OVERSOLD")}");
Console.WriteLine($"orders placed {onSale.Placed.Count}, confirmed {confirmed}, payments succeeded {payments} — {(confirmed == payments ? "match" : "MISMATCH")}");
// An order not mailed within the wait above is late, not necessarily lost: it is named but does not fail the run; a
// duplicate does.
var mailCheck = new List<string>();
if (stats.EmailsSent > stats.OrdersEmailed)
{
    mailCheck.Add($"{stats.EmailsSent - stats.OrdersEmailed} DUPLICATES");
}

if (stats.OrdersEmailed < confirmed)
{
    mailCheck.Add($"{confirmed - stats.OrdersEmailed} not mailed within {mailWait.Elapsed.TotalMinutes:F0} min");
}

Console.WriteLine($"e-mails sent {stats.EmailsSent} for {stats.OrdersEmailed} of {confirmed} confirmed orders — " +
                  (mailCheck.Count == 0 ? "match" : string.Join(", ", mailCheck)));
Console.WriteLine($"errors: {(recorder.Errors.Count == 0 ? "none" : string.Join(", ", recorder.Errors.Select(e => $"{e.Key} × {e.Value}")))}");
Console.WriteLine($"written: {jsonPath}\n         {htmlPath}\n         {hostLog} (the platform's log)");
return sold <= capacity && confirmed == payments && stats.EmailsSent == stats.OrdersEmailed ? 0 : 1;

// The customers arrive spread over the ramp (a thundering herd, but not one single instant) and each buys or finds
// the sale sold out.
async Task RunSaleAsync(Phase phase, IEnumerable<int> customerIndexes, TimeSpan rampTime)
{
    var arriving = customerIndexes.Where(i => tokens[i] is not null).ToList();
    await Task.WhenAll(arriving.Select((i, n) => Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(rampTime.TotalSeconds * n / arriving.Count));
        await CustomerAsync(phase, i);
    })));
}

async Task CustomerAsync(Phase phase, int i)
{
    var token = tokens[i]!;
    try
    {
        var joined = await WithRetriesAsync(phase, "join", () => Authorized(HttpMethod.Post, $"/api/v1/events/{phase.EventId}/waitroom", token));
        if (!Ok(phase, joined, "join"))
        {
            return;
        }

        var joinedAt = phase.Requests.Elapsed;
        var admission = await WatchUntilAdmittedAsync(phase, token);
        lock (phase.QueueWaits)
        {
            phase.QueueWaits.RecordValue(Math.Max(1, (long)(phase.Requests.Elapsed - joinedAt).TotalMicroseconds));
        }

        var quantity = 1 + i % 2;
        foreach (var section in sectionIds.Skip(i % 3).Concat(sectionIds.Take(i % 3)))
        {
            HttpRequestMessage order()
            {
                var request = Authorized(HttpMethod.Post, "/api/v1/orders", token);
                request.Headers.Add("Idempotency-Key", $"load-{i}-{section}");
                request.Headers.Add("X-Admission-Token", admission);
                request.Content = JsonContent.Create(new { eventId = phase.EventId, sectionId = section, quantity, paymentProvider = "payos" });
                return request;
            }

            var response = await WithRetriesAsync(phase, "order", order);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                continue;
            }

            if (!Ok(phase, response, "order"))
            {
                return;
            }

            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var orderId = body["orderId"]!.GetValue<string>();
            if (body["state"]!.GetValue<string>() != "awaiting_payment")
            {
                // A retry found its order already ended (its seats went to others while the first attempt timed out).
                phase.Requests.Error($"order ended as {body["state"]} ({body["endReason"]})");
                continue;
            }

            phase.Placed.Add((orderId, token));
            // The customer pays at the checkout (the provider sandbox), which posts PayOS's webhook to our function and
            // answers once it got a 2xx (retrying as PayOS does): this times the checkout and the webhook together.
            var checkoutUrl = body["payment"]!["checkoutUrl"]!.GetValue<string>();
            var paid = await WithRetriesAsync(phase, "pay", () =>
                new HttpRequestMessage(HttpMethod.Post, $"{checkoutUrl}/pay") { Content = new FormUrlEncodedContent([]) });
            if (paid.StatusCode != HttpStatusCode.Redirect)
            {
                phase.Requests.Error($"pay {(int)paid.StatusCode}");
            }
            else
            {
                phase.PaidAt[orderId] = DateTimeOffset.UtcNow;
            }

            return;
        }

        Interlocked.Increment(ref phase.SoldOut);
    }
    catch (Exception ex)
    {
        phase.Requests.Error($"exception {ex.GetType().Name}");
    }
}

// What a real client does with idempotent calls (joining again keeps the place; an order has its Idempotency-Key):
// a 5xx is retried after a growing pause, or after the Retry-After a busy Gateway names (503: a customer on the
// waiting page keeps trying, so those get more attempts).
async Task<HttpResponseMessage> WithRetriesAsync(Phase phase, string endpoint, Func<HttpRequestMessage> build)
{
    var firstAttempt = phase.CustomerWaits.Elapsed;
    for (var attempt = 1; ; attempt++)
    {
        using var request = build();
        var response = await phase.Requests.TimeAsync(endpoint, () => http.SendAsync(request));
        var busy = response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is not null;
        if ((int)response.StatusCode < 500 || attempt == (busy ? 10 : 4))
        {
            phase.CustomerWaits.Record(endpoint, firstAttempt, phase.CustomerWaits.Elapsed - firstAttempt);
            return response;
        }

        phase.Requests.Error($"{endpoint} {(int)response.StatusCode} (retried)");
        await Task.Delay(busy ? response.Headers.RetryAfter!.Delta!.Value : TimeSpan.FromSeconds(attempt));
    }
}

// Like the storefront page (wwwroot/js/api.js): a stream that cannot open, drops or ends without the admission is
// opened again a second later, and the customer keeps the place; "replaced", "removed" and a 4xx end the wait.
async Task<string> WatchUntilAdmittedAsync(Phase phase, string token)
{
    const int maxOpens = 30;
    var now = Interlocked.Increment(ref phase.Watching);
    InterlockedMax(ref phase.PeakWatching, now);
    try
    {
        for (var open = 1; ; open++)
        {
            string failure;
            try
            {
                using var request = Authorized(HttpMethod.Get, $"/api/v1/events/{phase.EventId}/waitroom/stream", token);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.IsSuccessStatusCode)
                {
                    var admitted = await WaitroomStream.ReadUntilAdmittedAsync(await response.Content.ReadAsStreamAsync());
                    return admitted.AdmissionToken!;
                }

                failure = $"{(int)response.StatusCode}";
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    // Not queued any more (404) or refused: the place is lost, which the run reports. It carries its
                    // status, so the reopening below (for failures without one) lets it through.
                    throw new HttpRequestException($"The waitroom stream was refused: {failure}.", null, response.StatusCode);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException { StatusCode: null } or IOException && open < maxOpens)
            {
                failure = ex is EndOfStreamException ? "its end" : ex.GetType().Name;
            }

            if (open == maxOpens)
            {
                throw new HttpRequestException($"The waitroom stream did not open in {maxOpens} tries (last: {failure}).");
            }

            phase.Requests.Error($"stream reopened after {failure}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
    finally
    {
        Interlocked.Decrement(ref phase.Watching);
    }
}

// How many of the phase's paid orders are confirmed, polling each like the order page, with one deadline for all so an
// order that was never paid can't hold the run up; each one's paid → confirmed goes into the phase's ConfirmLags.
async Task<int> ConfirmedAsync(Phase phase)
{
    var confirmed = 0;
    var deadline = DateTime.UtcNow.AddMinutes(3);
    await Parallel.ForEachAsync(phase.Placed, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (placed, _) =>
    {
        var (orderId, token) = placed;
        while (DateTime.UtcNow < deadline)
        {
            using var request = Authorized(HttpMethod.Get, $"/api/v1/orders/{orderId}", token);
            var order = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>();
            if (order!["state"]!.GetValue<string>() == "confirmed")
            {
                Interlocked.Increment(ref confirmed);
                if (phase.PaidAt.TryGetValue(orderId, out var paid))
                {
                    lock (phase.ConfirmLags)
                    {
                        phase.ConfirmLags.RecordValue(Math.Max(1, (long)(order["updatedAt"]!.GetValue<DateTimeOffset>() - paid).TotalMicroseconds));
                    }
                }

                return;
            }

            await Task.Delay(500);
        }
    });
    return confirmed;
}

// The e-mails sent since `before`, once `confirmed` orders have theirs or after 3 minutes.
async Task<HostStats> MailedAsync(int confirmed, HostStats before)
{
    var waited = System.Diagnostics.Stopwatch.StartNew();
    while (true)
    {
        var now = await PlatformHost.StatsAsync(host, replies);
        var since = new HostStats(now.EmailsSent - before.EmailsSent, now.OrdersEmailed - before.OrdersEmailed);
        if (since.OrdersEmailed >= confirmed || waited.Elapsed >= TimeSpan.FromMinutes(3))
        {
            return since;
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
    }
}

HttpRequestMessage Authorized(HttpMethod method, string path, string token)
{
    var request = new HttpRequestMessage(method, new Uri(gateway, path));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return request;
}

bool Ok(Phase phase, HttpResponseMessage response, string endpoint)
{
    if (response.IsSuccessStatusCode)
    {
        return true;
    }

    phase.Requests.Error($"{endpoint} {(int)response.StatusCode}");
    return false;
}

static void InterlockedMax(ref int target, int value)
{
    var current = Volatile.Read(ref target);
    while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
    {
        current = seen;
    }
}

static DemoEvent.Layout[] Layout(int seats)
{
    // A tenth VIP, six tenths numbered seats in rows of 50, the rest standing.
    var vipRows = Math.Max(1, seats / 10 / 50);
    var aRows = Math.Max(1, seats * 6 / 10 / 50);
    var ga = Math.Max(1, seats - (vipRows + aRows) * 50);
    return
    [
        new DemoEvent.Layout("VIP", "VIP", 3_000_000, Enumerable.Range(1, vipRows).Select(r => $"V{r}").ToArray(), 50),
        new DemoEvent.Layout("A", "Khu A", 1_500_000, Enumerable.Range(1, aRows).Select(r => $"A{r}").ToArray(), 50),
        new DemoEvent.Layout("GA", "Đứng", 600_000, [], 0, ga),
    ];
}

string? Option(string name) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;
