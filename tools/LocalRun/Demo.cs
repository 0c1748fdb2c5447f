using TicketBottle.LocalInfrastructure;
using TicketBottle.ServiceIdentity;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.LocalPlatform;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.LocalRun;

/// <summary>The purchase journey against the running local stack, over the same public endpoints the web app uses.</summary>
public static class Demo
{
    private const string DemoEventName = "Đêm nhạc Hà Nội Mùa Thu";

    /// <summary>The demo on-sale, published on the first run and found again on later ones.</summary>
    /// <summary>The demo on-sale, with the local gate account as its gate staff (so the gate page works at once).</summary>
    public static async Task<string> EnsureDemoEventAsync(Platform platform, string gateStaffEmail)
    {
        using var channel = GrpcChannel.ForAddress(platform.ServiceUrl("event"));
        var events = new EventService.EventServiceClient(channel.As(Callers.Operator));
        var listed = await events.ListEventsAsync(new ListEventsRequest { PageSize = 100 });
        var eventId = listed.Events.FirstOrDefault(e => e.Name == DemoEventName)?.EventId
                      ?? await DemoEvent.PublishAsync(platform.ServiceUrl("event"), DemoEventName, DemoEvent.Concert);
        using var userChannel = GrpcChannel.ForAddress(platform.ServiceUrl("user"));
        var staff = await new UserService.UserServiceClient(userChannel.As(Callers.Gateway))
            .FindUsersAsync(new FindUsersRequest { Emails = { gateStaffEmail } });
        await events.SetGateStaffAsync(new SetGateStaffRequest { EventId = eventId, UserIds = { staff.Users.Select(u => u.UserId) } });
        return eventId;
    }

    public static async Task<int> RunAsync(string dataDirectory)
    {
        using var gateway = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = LocalPorts.GatewayUrl };
        try
        {
            await gateway.GetAsync("/healthz");
        }
        catch (HttpRequestException)
        {
            Console.Error.WriteLine($"Nothing answers at {LocalPorts.GatewayUrl}; start the stack with ./run.sh first.");
            return 1;
        }

        var email = $"demo.{DateTime.UtcNow:HHmmss}@ticketbottle.local";
        Step($"Register {email}");
        Check(await gateway.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "demo-password-123", fullName = "Nguyễn Thị Demo" }));
        Step("Log in");
        var login = await Json(await gateway.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "demo-password-123" }));
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());

        var events = await Json(await gateway.GetAsync("/api/v1/events"));
        var concert = events["events"]!.AsArray().First(e => e!["name"]!.GetValue<string>() == DemoEventName)!;
        var eventId = concert["eventId"]!.GetValue<string>();
        Step($"Event: {concert["name"]} at {concert["venue"]!["name"]}, {concert["startsAt"]}");

        Step("Join the waitroom and follow the live position (server-sent events)");
        Check(await gateway.PostAsync($"/api/v1/events/{eventId}/waitroom", null));
        var admission = await FollowQueueAsync(gateway, eventId);

        Step("Place an order for 2 seats in Khu A, paying with PayOS");
        using var order = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { eventId, sectionId = "A", quantity = 2, paymentProvider = "payos" }),
        };
        order.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        order.Headers.Add("X-Admission-Token", admission);
        var placed = await Json(await gateway.SendAsync(order));
        var orderId = placed["orderId"]!.GetValue<string>();
        var total = placed["totalVnd"]!.GetValue<long>();
        var seats = string.Join(", ", placed["tickets"]!.AsArray().Select(t => $"{t!["sectionName"]} {t["row"]}-{t["seatNumber"]}"));
        Info($"order {orderId}: {placed["state"]}, seats {seats}, {total:N0} VND, PayOS orderCode {placed["payment"]!["providerOrderRef"]}");
        Info($"VietQR for a banking app: {placed["payment"]!["qrCode"]}");

        var checkoutUrl = placed["payment"]!["checkoutUrl"]!.GetValue<string>();
        Step($"Pay at the PayOS checkout {checkoutUrl} (the local sandbox; it calls our webhook as PayOS does)");
        var paid = await PaymentProviderSandbox.PayAsync(checkoutUrl);
        Info($"checkout answered {(int)paid.StatusCode}, back to {paid.Headers.Location}");

        Step("Wait for the saga: payment.succeeded → seats sold → CONFIRMED → order.confirmed");
        var state = await WaitAsync(async () => (await Json(await gateway.GetAsync($"/api/v1/orders/{orderId}")))["state"]!.GetValue<string>(),
            s => s == "confirmed");
        Info($"order state: {state}");

        Step("Wait for the e-mail (EmailSender via the Kafka → SQS bridge)");
        using var inbox = new HttpClient { BaseAddress = LocalPorts.InboxUrl };
        var mail = await WaitAsync(async () => (await inbox.GetFromJsonAsync<JsonArray>("/api/email"))!
            .FirstOrDefault(m => m!["to"]!.AsArray().Any(t => t!["address"]!.GetValue<string>() == email)), m => m is not null);
        var attachments = mail?["attachments"]?.AsArray().Select(a => a!["filename"]!.GetValue<string>()) ?? [];
        Info(mail is null ? "no e-mail arrived" : $"\"{mail["subject"]}\" with {string.Join(", ", attachments)} — see {LocalPorts.InboxUrl}");

        Step("Download the tickets (Gateway → PdfGenerator → S3)");
        var redirect = await gateway.GetAsync($"/api/v1/orders/{orderId}/tickets");
        using var pdfRequest = new HttpRequestMessage(HttpMethod.Get, redirect.Headers.Location);
        pdfRequest.Headers.Authorization = gateway.DefaultRequestHeaders.Authorization;
        var presigned = await gateway.SendAsync(pdfRequest);
        var pdf = await new HttpClient().GetByteArrayAsync(presigned.Headers.Location);
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(dataDirectory, "demo")).FullName, $"tickets-{orderId}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        Info($"{pdf.Length:N0} bytes saved to {path}");
        return state == "confirmed" && mail is not null ? 0 : 1;
    }

    private static async Task<string> FollowQueueAsync(HttpClient gateway, string eventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/waitroom/stream");
        using var response = await gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Check(response);
        var admitted = await WaitroomStream.ReadUntilAdmittedAsync(await response.Content.ReadAsStreamAsync(),
            status => Info($"position {status.Position} of {status.QueueLength}"));
        Info($"admitted; token valid until {admitted.AdmissionExpiresAt}");
        return admitted.AdmissionToken!;
    }

    private static async Task<T?> WaitAsync<T>(Func<Task<T?>> read, Func<T?, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = await read();
        }

        return value;
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        Check(response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static void Check(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered " +
                                                $"{(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        }
    }

    private static void Step(string text) => Console.WriteLine($"\n▶ {text}");

    private static void Info(string text) => Console.WriteLine($"  {text}");
}
