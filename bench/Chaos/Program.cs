using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using TicketBottle.Bench.Chaos;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.LocalInfrastructure;
using TicketBottle.LocalPlatform;
using TicketBottle.Messaging;

// dotnet run -c Release --project bench/Chaos -- [--customers 600] [--seats 550] [--admit-rate 4] [--out DIR]
// Every service as its own process, stores with kept data on fixed ports (so they can crash and come back), an on-sale,
// and on a schedule one fault after another; then the invariants. Exit code 1 when one does not hold.
var customers = int.Parse(Option("--customers") ?? "600");
var seats = int.Parse(Option("--seats") ?? "550");
var admitRate = int.Parse(Option("--admit-rate") ?? "4");
var output = Option("--out") ?? Path.Combine(RepositoryPaths.Root, "bench", "Chaos", "results");
// After a repair, how long clients may still see its effects (cold start of a process, reconnects, backoff).
var recoveryGrace = TimeSpan.FromSeconds(20);

// Not CreateTempSubdirectory: its 0700 folder would keep PostgreSQL's own user out.
var dataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"tb-chaos-{Guid.NewGuid():N}")).FullName;
LocalServiceIdentities.KeepIn(dataDirectory);
using var smtp = new CollectingSmtpServer();
Console.WriteLine($"Starting the platform (a process per service, data in {dataDirectory})…");
var platform = await Platform.StartAsync(new PlatformSettings
{
    SmtpPort = smtp.Port,
    ProcessPerService = true,
    DataDirectory = dataDirectory,
    LogDirectory = Path.Combine(dataDirectory, "logs"),
    // Fixed ports: a store that crashes comes back where the services look for it.
    PostgresPort = FreePort.Next(), RedisPort = FreePort.Next(), DynamoDbPort = FreePort.Next(), S3Port = FreePort.Next(),
    LogLevel = "Warning",
    RateLimitPerSecond = 1_000_000, AuthPerMinute = 1_000_000, PasswordMemoryKib = 256, PasswordIterations = 1,
    // Short enough that abandoned purchases end within the run, so "no hold left" can be checked after the sweeps.
    PaymentLifetime = TimeSpan.FromSeconds(60), PaymentGrace = TimeSpan.FromSeconds(5), PaymentReconcileAfter = TimeSpan.FromSeconds(20),
    HoldLifetime = TimeSpan.FromSeconds(90), CleanupInterval = TimeSpan.FromSeconds(10),
});
try
{
    return await RunAsync();
}
finally
{
    await platform.DisposeAsync();
}

async Task<int> RunAsync()
{
    var eventId = await DemoEvent.PublishAsync(platform.ServiceUrl("event"), "Chaos on-sale",
        [new DemoEvent.Layout("GA", "Đứng", 500_000, [], 0, seats)], admitRate, customers);
    using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 1024 })
    {
        BaseAddress = platform.GatewayUrl, Timeout = TimeSpan.FromSeconds(15),
    };

    // Streams stay open for minutes: no overall timeout; a dead Gateway breaks them, and the customer reconnects.
    using var streams = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2048 })
    {
        BaseAddress = platform.GatewayUrl, Timeout = Timeout.InfiniteTimeSpan,
    };

    Console.WriteLine($"Signing up {customers} customers (before any fault)…");
    var tokens = new string[customers];
    var emails = new string[customers];
    await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
    {
        emails[i] = $"chaos{i}.{Guid.NewGuid():N}@example.vn";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { email = emails[i], password = "chaos-password", fullName = $"Khách {i}" })).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = emails[i], password = "chaos-password" });
        tokens[i] = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    });

    var clock = Stopwatch.StartNew();
    var startedAt = DateTimeOffset.UtcNow;
    var errors = new ConcurrentBag<ErrorRecord>();
    var orders = new ConcurrentDictionary<int, string>();
    var positionsBackwards = new ConcurrentBag<string>();
    var soldOut = 0;
    var onSaleOver = new CancellationTokenSource();

    var faults = Faults();
    Console.WriteLine($"On-sale: {customers} customers join within 10 s, admission {admitRate}/s; {faults.Count} faults, one every ~12 s from 10 s in…");
    var schedule = Task.Run(() => InjectAsync(faults, clock));
    await Task.WhenAll(Enumerable.Range(0, customers).Select(i => Task.Run(() => CustomerAsync(i))));
    var windows = await schedule;
    var onSaleSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"  on-sale over after {onSaleSeconds:F0} s: {orders.Count} orders placed, {soldOut} customers found it sold out");

    Console.WriteLine("Settling: paid orders confirm, e-mails go out, sweeps end abandoned holds…");
    var invariants = await SettleAndCheckAsync(windows);
    var result = new ChaosResult(startedAt, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        new { customers, seats, admitRate, recoveryGraceSeconds = recoveryGrace.TotalSeconds }, onSaleSeconds, orders.Count, windows, invariants,
        errors.OrderBy(e => e.At).ToList());
    var (jsonPath, htmlPath) = ChaosReport.Write(result, output);

    Console.WriteLine();
    Console.WriteLine($"{"fault",-44} {"from s",7} {"to s",7} {"attempts failed",16} {"gave up",8}");
    foreach (var window in windows)
    {
        var inWindow = errors.Where(e => e.At >= window.StartedAt && e.At <= window.RepairedAt + recoveryGrace.TotalSeconds).ToList();
        Console.WriteLine($"{window.Fault,-44} {window.StartedAt,7:F1} {window.RepairedAt,7:F1} {inWindow.Count(e => !e.Final),16} {inWindow.Count(e => e.Final),8}" +
                          (window.Failure is null ? "" : $"  INJECTION FAILED: {window.Failure}"));
    }

    Console.WriteLine();
    foreach (var invariant in invariants)
    {
        Console.WriteLine($"{(invariant.Holds ? "holds " : "BROKEN")}  {invariant.Name}: {invariant.Detail}");
    }

    Console.WriteLine($"written: {jsonPath}\n         {htmlPath}\n         service logs in {Path.Combine(dataDirectory, "logs")}");
    return invariants.All(i => i.Holds) ? 0 : 1;

    List<Fault> Faults()
    {
        Fault Kill(string service, string why, int downSeconds = 3) => new($"kill -9 {service} ({why})",
            () => platform.KillServiceAsync(service), TimeSpan.FromSeconds(downSeconds), () => platform.StartServiceAgainAsync(service));
        Fault Store(string store, string name, int downSeconds) => new(name,
            () => { platform.StopStore(store); return Task.CompletedTask; }, TimeSpan.FromSeconds(downSeconds), () => platform.StartStoreAsync(store));
        return
        [
            Kill("Order", "mid-saga"),
            Kill("Payment", "between commit and publish"),
            Kill("Waitroom", "with open queue feeds"),
            Kill("Gateway", "customers mid-request"),
            Kill("Inventory", "holds in flight"),
            new("Kafka broker 1 down", () => { platform.Kafka.SetBrokerDown(1); return Task.CompletedTask; }, TimeSpan.FromSeconds(8),
                () => { platform.Kafka.SetBrokerUp(1); return Task.CompletedTask; }),
            new("Kafka partition leaders move", () =>
            {
                foreach (var topic in new[] { KafkaTopics.Payments, KafkaTopics.Orders })
                {
                    for (var partition = 0; partition < 3; partition++)
                    {
                        platform.Kafka.SetPartitionLeader(topic, partition, 1 + (partition + 1) % 3);
                    }
                }

                return Task.CompletedTask;
            }, TimeSpan.Zero, () => Task.CompletedTask),
            new("PostgreSQL crash and recovery", platform.RestartPostgresAsync, TimeSpan.Zero, () => Task.CompletedTask),
            Store("redis", "Redis kill -9 and restart (AOF)", 3),
            Store("dynamodb", "DynamoDB stand-in kill and restart", 3),
            new("SMTP outage", () => { smtp.Pause(); return Task.CompletedTask; }, TimeSpan.FromSeconds(10), () => { smtp.Resume(); return Task.CompletedTask; }),
            Store("s3", "S3 outage", 10),
            Kill("User", "logins in flight"),
            Kill("Event", "catalogue reads in flight"),
        ];
    }

    async Task<List<FaultWindow>> InjectAsync(List<Fault> faults, Stopwatch clock)
    {
        var windows = new List<FaultWindow>();
        await Task.Delay(TimeSpan.FromSeconds(10));
        foreach (var fault in faults)
        {
            var startedAt = clock.Elapsed.TotalSeconds;
            string? failure = null;
            try
            {
                await fault.Inject();
                await Task.Delay(fault.Down);
                await fault.Repair();
            }
            catch (Exception ex)
            {
                failure = ex.Message;
            }

            windows.Add(new FaultWindow(fault.Name, startedAt, clock.Elapsed.TotalSeconds, failure));
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:F1} s  {fault.Name}{(failure is null ? "" : $" — injection failed: {failure}")}");
            await Task.Delay(TimeSpan.FromSeconds(8));
        }

        return windows;
    }

    async Task CustomerAsync(int i)
    {
        var token = tokens[i];
        await Task.Delay(TimeSpan.FromSeconds(10.0 * i / customers));
        if (await SendAsync("join", () => Authorized(HttpMethod.Post, $"/api/v1/events/{eventId}/waitroom", token)) is not { IsSuccessStatusCode: true })
        {
            return;
        }

        // Follows its place over the Gateway's event stream, reconnecting as a browser's EventSource does when the
        // stream breaks (Gateway or Waitroom killed); its place may only move forward.
        string? admission = null;
        var lastPosition = long.MaxValue;
        var streamDeadline = clock.Elapsed + TimeSpan.FromMinutes(5);
        var backoff = TimeSpan.FromMilliseconds(250);
        while (admission is null)
        {
            string what;
            try
            {
                using var request = Authorized(HttpMethod.Get, $"/api/v1/events/{eventId}/waitroom/stream", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                using var response = await streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.IsSuccessStatusCode)
                {
                    var admitted = await WaitroomStream.ReadUntilAdmittedAsync(await response.Content.ReadAsStreamAsync(), status =>
                    {
                        if (status.Position > lastPosition)
                        {
                            positionsBackwards.Add($"customer {i}: {lastPosition} → {status.Position} at {clock.Elapsed.TotalSeconds:F1} s");
                        }

                        lastPosition = status.Position;
                    });
                    admission = admitted.AdmissionToken;
                    break;
                }

                what = $"stream {(int)response.StatusCode}";
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    // Not queued any more (404) or refused: the place is lost, which the run reports.
                    errors.Add(new ErrorRecord(clock.Elapsed.TotalSeconds, "stream", what, Final: true));
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or TaskCanceledException)
            {
                what = $"stream broke ({ex.GetType().Name})";
            }

            var giveUp = clock.Elapsed > streamDeadline;
            errors.Add(new ErrorRecord(clock.Elapsed.TotalSeconds, "stream", what, giveUp));
            if (giveUp)
            {
                return;
            }

            await Task.Delay(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
        }

        var placed = await SendAsync("order", () =>
        {
            var request = Authorized(HttpMethod.Post, "/api/v1/orders", token);
            request.Headers.Add("Idempotency-Key", $"chaos-{i}");
            request.Headers.Add("X-Admission-Token", admission);
            request.Content = JsonContent.Create(new { eventId, sectionId = "GA", quantity = 1, paymentProvider = "payos" });
            return request;
        }, conflictIsAnswer: true);
        if (placed is null)
        {
            return;
        }

        if (placed.StatusCode == HttpStatusCode.Conflict)
        {
            Interlocked.Increment(ref soldOut);
            return;
        }

        if (!placed.IsSuccessStatusCode)
        {
            return;
        }

        var order = (await placed.Content.ReadFromJsonAsync<JsonObject>())!;
        orders[i] = order["orderId"]!.GetValue<string>();
        if (order["payment"]?["checkoutUrl"]?.GetValue<string>() is not { } checkoutUrl)
        {
            return;
        }

        // The checkout posts PayOS's signed webhook and answers once it got a 2xx, retrying as PayOS does.
        await SendAsync("pay", () => new HttpRequestMessage(HttpMethod.Post, $"{checkoutUrl}/pay") { Content = new FormUrlEncodedContent([]) });
    }

    // Retries what a client retries (no answer, 5xx, 429) for up to two minutes with backoff; records every failed attempt.
    async Task<HttpResponseMessage?> SendAsync(string step, Func<HttpRequestMessage> request, bool conflictIsAnswer = false)
    {
        var deadline = clock.Elapsed + TimeSpan.FromMinutes(2);
        var backoff = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            string what;
            try
            {
                var response = await http.SendAsync(request());
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Redirect && !(conflictIsAnswer && response.StatusCode == HttpStatusCode.Conflict))
                    {
                        // A refusal is an answer, not something to retry; it is an error all the same.
                        var body = await response.Content.ReadAsStringAsync();
                        errors.Add(new ErrorRecord(clock.Elapsed.TotalSeconds, step, $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 160)]}", Final: true));
                    }

                    return response;
                }

                what = $"{(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                what = ex is TaskCanceledException ? "timeout" : $"no answer ({(ex as HttpRequestException)?.HttpRequestError})";
            }

            var giveUp = clock.Elapsed + backoff > deadline;
            errors.Add(new ErrorRecord(clock.Elapsed.TotalSeconds, step, what, giveUp));
            if (giveUp)
            {
                return null;
            }

            await Task.Delay(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
        }
    }

    async Task<List<Invariant>> SettleAndCheckAsync(List<FaultWindow> windows)
    {
        using var inventoryChannel = GrpcChannel.ForAddress(platform.ServiceUrl("inventory"));
        using var paymentChannel = GrpcChannel.ForAddress(platform.ServiceUrl("payment"));
        using var orderChannel = GrpcChannel.ForAddress(platform.ServiceUrl("order"));
        var inventory = new InventoryService.InventoryServiceClient(inventoryChannel.AsPermittedCaller());
        var payments = new PaymentService.PaymentServiceClient(paymentChannel.AsPermittedCaller());
        var orderService = new OrderService.OrderServiceClient(orderChannel.AsPermittedCaller());

        // Until nothing is held any more (abandoned holds expire and are swept) and every confirmed order has its mail, or 4 minutes.
        var settleDeadline = DateTime.UtcNow.AddMinutes(4);
        (int Capacity, int Sold, int Held) seatsNow;
        List<(int Customer, string OrderId, OrderState State, PaymentStatus? Payment)> outcomes;
        while (true)
        {
            var availability = await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId });
            seatsNow = (availability.Sections.Sum(s => s.Capacity), availability.Sections.Sum(s => s.Sold), availability.Sections.Sum(s => s.Held));
            outcomes = [];
            foreach (var (customer, orderId) in orders)
            {
                var state = (await orderService.GetOrderAsync(new GetOrderRequest { OrderId = orderId })).State;
                PaymentStatus? payment = null;
                try
                {
                    payment = (await payments.GetPaymentAsync(new GetPaymentRequest { OrderId = orderId })).Status;
                }
                catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
                {
                }

                outcomes.Add((customer, orderId, state, payment));
            }

            var mailed = outcomes.Where(o => o.State == OrderState.Confirmed).All(o => smtp.MessagesTo(emails[o.Customer]).Count > 0);
            if ((seatsNow.Held == 0 && mailed) || DateTime.UtcNow > settleDeadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var refunds = (await payments.ListRefundsAsync(new ListRefundsRequest())).Refunds.Select(r => r.OrderId).ToHashSet();
        var paidNotConfirmed = outcomes.Where(o => o.Payment == PaymentStatus.Succeeded && o.State != OrderState.Confirmed && !refunds.Contains(o.OrderId)).ToList();
        var confirmed = outcomes.Where(o => o.State == OrderState.Confirmed).ToList();
        var ticketMails = confirmed.Select(o => smtp.MessagesTo(emails[o.Customer]).Count(m => m.Subject?.StartsWith("Vé của bạn", StringComparison.Ordinal) == true)).ToList();
        var outside = errors.Where(e => !windows.Any(w => e.At >= w.StartedAt && e.At <= w.RepairedAt + recoveryGrace.TotalSeconds)).ToList();
        return
        [
            new("seats sold ≤ capacity", seatsNow.Sold <= seatsNow.Capacity, $"{seatsNow.Sold} sold of {seatsNow.Capacity}"),
            new("every succeeded payment has a confirmed order or a refund", paidNotConfirmed.Count == 0,
                $"{outcomes.Count(o => o.Payment == PaymentStatus.Succeeded)} succeeded, {paidNotConfirmed.Count} without either" +
                string.Concat(paidNotConfirmed.Take(5).Select(o => $"; {o.OrderId} {o.State}"))),
            new("every confirmed order has exactly one ticket e-mail", ticketMails.All(n => n == 1),
                $"{confirmed.Count} confirmed; {ticketMails.Count(n => n == 0)} without, {ticketMails.Count(n => n > 1)} with more than one"),
            new("no hold left after the sweeps", seatsNow.Held == 0, $"{seatsNow.Held} seats still held"),
            new("no queue position moved backwards", positionsBackwards.IsEmpty, positionsBackwards.IsEmpty ? "none" : string.Join("; ", positionsBackwards.Take(5))),
            new("errors only inside a fault's window (+ recovery grace)", outside.Count == 0,
                outside.Count == 0 ? $"{errors.Count} failed attempts, all inside" : string.Join("; ", outside.Take(5).Select(e => $"{e.At:F1} s {e.Step} {e.What}"))),
            new("every fault was injected", windows.All(w => w.Failure is null), string.Join("; ", windows.Where(w => w.Failure is not null).Select(w => $"{w.Fault}: {w.Failure}"))),
        ];
    }
}

HttpRequestMessage Authorized(HttpMethod method, string path, string token)
{
    var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return request;
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
