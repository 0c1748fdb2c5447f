using Xunit.Abstractions;
using TicketBottle.LocalPlatform;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Security.Tests;

/// <summary>
/// Random and boundary input at every public route — the Gateway's and the functions' HTTP API, both webhooks included —
/// as an attacker would send it: broken and deeply nested JSON, wrong types, huge and odd strings, odd paths, hostile
/// headers, with and without a real customer's token. Never a 5xx, never a hang, and nothing changed: no seat held or
/// sold, no e-mail sent. The seed is in every failure message, so a failing case replays exactly.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputFuzzTests(PlatformFixture fixture, ITestOutputHelper output)
{
    private const int Cases = 600;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(15);
    private static readonly string[] FieldNames =
        ["email", "password", "fullName", "eventId", "seatIds", "sectionId", "quantity", "paymentProvider", "data", "signature", "mac", "type", "code", "orderCode", "amount"];

    private string _eventId = "";

    [Fact]
    public async Task Random_and_boundary_input_at_every_public_route_is_never_a_5xx_a_hang_or_a_change()
    {
        var seed = Environment.TickCount;
        // An on-sale of its own, so no other test's holds move its numbers.
        _eventId = await DemoEvent.PublishAsync(fixture.Platform.ServiceUrl("event"), "Fuzz on-sale",
            [new DemoEvent.Layout("A", "Khu A", 900_000, ["1"], 10), new DemoEvent.Layout("GA", "Đứng", 300_000, [], 0, 20)]);
        // Several customers: each has a rate-limit bucket of its own, so more cases get past the limiter to the checks behind it.
        var tokens = new List<string>();
        foreach (var name in new[] { "Kẻ Thử Một", "Kẻ Thử Hai", "Kẻ Thử Ba", "Kẻ Thử Tư" })
        {
            using var customer = fixture.NewCustomer(name);
            await customer.SignUpAndLogInAsync();
            tokens.Add(customer.Http.DefaultRequestHeaders.Authorization!.Parameter!);
        }

        var seatsBefore = await SeatCountsAsync();
        var mailBefore = fixture.Smtp.Messages.Count;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

        var failures = new List<string>();
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Cases), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var random = new Random(seed + i);
            var (request, route) = Hostile(random, tokens[random.Next(tokens.Count)]);
            using var disposeRequest = request;
            var description = $"seed {seed + i}: {request.Method} {request.RequestUri}";
            using var timeout = new CancellationTokenSource(HangLimit);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                answers.AddOrUpdate($"{route} → {(int)response.StatusCode}", 1, (_, n) => n + 1);
                if ((int)response.StatusCode >= 500)
                {
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    lock (failures)
                    {
                        failures.Add($"{description} → {(int)response.StatusCode} {body}");
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                lock (failures)
                {
                    failures.Add($"{description} → no answer within {HangLimit.TotalSeconds} s");
                }
            }
            catch (HttpRequestException)
            {
                // The server closed the connection on a body over its limit while we were still sending: a refusal.
            }
        });

        // What the attacks got, for the closing note and for seeing that the cases reach past the first checks.
        foreach (var (answer, count) in answers.OrderBy(a => a.Key))
        {
            output.WriteLine($"{answer}: {count}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(seatsBefore, await SeatCountsAsync());
        Assert.Equal(mailBefore, fixture.Smtp.Messages.Count);
    }

    private (HttpRequestMessage Request, string Route) Hostile(Random random, string token)
    {
        var (baseUrl, method, path, route) = Route(random);
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        if (method != HttpMethod.Get && method != HttpMethod.Delete || random.Next(4) == 0)
        {
            request.Content = Body(random);
        }

        if (random.Next(2) == 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", random.Next(5) == 0 ? $"Bearer {Text(random)}" : $"Bearer {token}");
        }

        foreach (var header in new[] { "Idempotency-Key", "X-Admission-Token", "X-Forwarded-For", "Origin", "Accept", "x-zalopay-signature" })
        {
            if (random.Next(3) == 0)
            {
                request.Headers.TryAddWithoutValidation(header, HeaderValue(random));
            }
        }

        return (request, route);
    }

    private (Uri BaseUrl, HttpMethod Method, string Path, string Route) Route(Random random)
    {
        var gateway = fixture.Platform.GatewayUrl;
        var functions = fixture.Platform.FunctionsUrl;
        var id = random.Next(3) switch { 0 => _eventId, 1 => Guid.NewGuid().ToString(), _ => PathSegment(random) };
        return random.Next(17) switch
        {
            0 => (gateway, HttpMethod.Post, "/api/v1/auth/register", "POST /api/v1/auth/register"),
            1 => (gateway, HttpMethod.Post, "/api/v1/auth/login", "POST /api/v1/auth/login"),
            2 => (gateway, HttpMethod.Get, $"/api/v1/events?pageSize={PathSegment(random)}&pageToken={PathSegment(random)}", "GET /api/v1/events"),
            3 => (gateway, HttpMethod.Get, $"/api/v1/events/{id}", "GET /api/v1/events/{…}"),
            4 => (gateway, HttpMethod.Get, $"/api/v1/events/{id}/availability", "GET /api/v1/events/{…}/availability"),
            5 => (gateway, HttpMethod.Post, $"/api/v1/events/{id}/waitroom", "POST /api/v1/events/{…}/waitroom"),
            6 => (gateway, HttpMethod.Get, $"/api/v1/events/{id}/waitroom", "GET /api/v1/events/{…}/waitroom"),
            7 => (gateway, HttpMethod.Delete, $"/api/v1/events/{id}/waitroom", "DELETE /api/v1/events/{…}/waitroom"),
            8 => (gateway, HttpMethod.Get, $"/api/v1/events/{id}/waitroom/stream", "GET /api/v1/events/{…}/waitroom/stream"),
            9 or 10 => (gateway, HttpMethod.Post, "/api/v1/orders", "POST /api/v1/orders"),
            11 => (gateway, HttpMethod.Get, $"/api/v1/orders/{id}", "GET /api/v1/orders/{…}"),
            12 => (gateway, HttpMethod.Get, $"/api/v1/orders/{id}/tickets", "GET /api/v1/orders/{…}/tickets"),
            13 => (functions, HttpMethod.Post, "/webhooks/zalopay", "POST /webhooks/zalopay"),
            14 => (functions, HttpMethod.Post, "/webhooks/payos", "POST /webhooks/payos"),
            15 => (functions, HttpMethod.Get, $"/orders/{id}/tickets.pdf", "GET /orders/{…}/tickets.pdf"),
            _ => (gateway, HttpMethod.Get, $"/.well-known/{PathSegment(random)}", "GET /.well-known/{…}"),
        };
    }

    private HttpContent Body(Random random)
    {
        var (bytes, type) = random.Next(8) switch
        {
            0 => (Encoding.UTF8.GetBytes(Text(random)), "application/json"),
            1 => (RandomBytes(random), "application/json"),
            2 => (Encoding.UTF8.GetBytes(new string('[', random.Next(1, 5000))), "application/json"),
            3 => (Encoding.UTF8.GetBytes(Json(random, 0).ToJsonString()), random.Next(2) == 0 ? "text/plain" : "application/x-www-form-urlencoded"),
            4 => (Encoding.Unicode.GetBytes(Json(random, 0).ToJsonString()), "application/json; charset=utf-16"),
            _ => (Encoding.UTF8.GetBytes(Json(random, 0).ToJsonString()), "application/json"),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed : null;
        return content;
    }

    /// <summary>An object with the routes' own field names (and some others), each holding a value of any type.</summary>
    private JsonNode Json(Random random, int depth)
    {
        var node = new JsonObject();
        foreach (var _ in Enumerable.Range(0, random.Next(1, 8)))
        {
            var name = random.Next(5) == 0 ? Text(random) : FieldNames[random.Next(FieldNames.Length)];
            node[name] = Value(random, depth);
        }

        if (random.Next(4) == 0)
        {
            node["eventId"] = _eventId;
        }

        return node;
    }

    private JsonNode? Value(Random random, int depth) => random.Next(depth > 3 ? 6 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(new[] { 0L, -1L, 1L, 30L, 31L, int.MaxValue, long.MinValue, long.MaxValue }[random.Next(8)]),
        3 => JsonValue.Create(new[] { 0.5, -0.0, 1e308, double.Epsilon }[random.Next(4)]),
        4 or 5 => JsonValue.Create(Text(random)),
        6 => new JsonArray(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Value(random, depth + 1)).ToArray()),
        _ => Json(random, depth + 1),
    };

    /// <summary>Boundary strings: empty, huge, control and bidi characters, lone surrogates, scripts, injection-shaped.</summary>
    private static string Text(Random random) => random.Next(12) switch
    {
        0 => "",
        1 => new string('a', random.Next(255, 70_000)),
        2 => "\0\u0001\u001f",
        3 => "\u202e\u2066gnp.exe",
        4 => "\ud800",
        5 => "Nguyễn Thị 🎫 名前",
        6 => "' OR 1=1; DROP TABLE users; --",
        7 => "<script>alert(1)</script>",
        8 => "../../etc/passwd",
        9 => "%00%2e%2e%2f",
        10 => $"{random.NextInt64()}@{random.NextInt64()}.vn",
        _ => new string((char)random.Next(32, 0xD7FF), random.Next(1, 300)),
    };

    private static string PathSegment(Random random) => Uri.EscapeDataString(random.Next(6) switch
    {
        0 => new string('9', 3000),
        1 => "..%2f..",
        2 => "-1",
        3 => "%ff%fe",
        _ => Truncated(Text(random), 2000),
    });

    private static string Truncated(string text, int length) => text.Length > length ? text[..length] : text;

    private static string HeaderValue(Random random) => random.Next(4) switch
    {
        0 => new string('k', random.Next(100, 8000)),
        1 => "garbage.token.value",
        2 => "203.0.113.7, 10.0.0.1, not-an-ip",
        _ => Truncated(Uri.EscapeDataString(Text(random)), 4000),
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 100_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Held and sold per section, from Inventory itself (the Gateway's rate limit is spent by the attack).</summary>
    private async Task<string> SeatCountsAsync()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Platform.ServiceUrl("inventory"));
        var availability = await new InventoryService.InventoryServiceClient(channel.AsPermittedCaller())
            .GetAvailabilityAsync(new GetAvailabilityRequest { EventId = _eventId });
        return string.Join(";", availability.Sections.OrderBy(s => s.SectionId).Select(s => $"{s.SectionId}:{s.Held}/{s.Sold}"));
    }
}
