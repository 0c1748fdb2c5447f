using System.Net;
using System.Net.Http.Json;
using System.Text;
using TicketBottle.Contracts;
using TicketBottle.Contracts.Tickets;
using TicketBottle.Gateway.Api;
using TicketBottle.ProviderSandbox;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The gate: a ticket gets in once, only for its event and only while its order is paid; offline scanners settle later.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CheckInTests(PlatformFixture fixture)
{
    private readonly TicketTokens _tokens = new(Encoding.UTF8.GetBytes(PlatformFixture.Settings.TicketTokenKey));

    [Fact]
    public async Task The_printed_QR_code_admits_once_and_two_gates_scanning_together_admit_exactly_one()
    {
        var (_, order, email) = await PaidOrderAsync("Phan Thị Gấm", quantity: 2);
        var printed = await PrintedTokensAsync(email);
        Assert.Equal(2, printed.Count);
        using var gate3 = await fixture.NewAccountWithRolesAsync("Cổng 3", Roles.Staff);
        using var gate5 = await fixture.NewAccountWithRolesAsync("Cổng 5", Roles.Staff);
        await fixture.AssignGateStaffAsync(fixture.EventId, gate3, gate5);

        var results = await Task.WhenAll(
            gate3.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, gate = "3", token = printed[0] }),
            gate5.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, gate = "5", token = printed[0] }));

        var statuses = results.Select(r => r.StatusCode).Order().ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
        var admitted = (await results.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<CheckInDto>())!;
        var refused = (await results.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<CheckInDto>())!;
        Assert.Equal("admitted", admitted.Result);
        Assert.Contains(admitted.TicketId, order.Tickets.Select(t => t.TicketId));
        Assert.Equal(("already_used", admitted.FirstGate, admitted.FirstScannedAt), (refused.Result, refused.FirstGate, refused.FirstScannedAt));
        Assert.Contains($"gate {admitted.FirstGate}", refused.Message);

        // The same ticket later, at either gate: still used, by the first scan. The order's other ticket is its own.
        var later = await gate5.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, gate = "5", token = printed[0] });
        Assert.Equal(admitted.FirstScannedAt, (await later.Content.ReadFromJsonAsync<CheckInDto>())!.FirstScannedAt);
        var second = await gate5.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, gate = "5", token = printed[1] });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Forged_foreign_and_unpaid_tickets_are_refused_with_the_reason()
    {
        var (customer, admission) = await fixture.AdmittedCustomerAsync("Lý Văn Hùng");
        using var _ = customer;
        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "unpaid", new { sectionId = "GA", quantity = 1 });
        var unpaid = await Customer.OrderFromAsync(placed);
        var ticketId = Assert.Single(unpaid.Tickets).TicketId;
        using var gate = await fixture.NewAccountWithRolesAsync("Cổng 1", Roles.Staff);
        await fixture.AssignGateStaffAsync(fixture.EventId, gate);

        var notPaid = await CheckInAsync(gate, _tokens.Sign(new TicketClaims(ticketId, fixture.EventId)));
        var otherEvent = await CheckInAsync(gate, _tokens.Sign(new TicketClaims(ticketId, "evt-another-show")));
        var forged = await CheckInAsync(gate, new TicketTokens(Encoding.UTF8.GetBytes("not-the-platform-key-0123456789abcdef"))
            .Sign(new TicketClaims(ticketId, fixture.EventId)));
        var noSuchOrder = await CheckInAsync(gate, _tokens.Sign(new TicketClaims($"{Guid.NewGuid()}-01", fixture.EventId)));

        Assert.Equal((HttpStatusCode.Conflict, "order_not_valid", "awaiting_payment"), (notPaid.Status, notPaid.Body.Result, notPaid.Body.OrderState));
        Assert.Equal((HttpStatusCode.Conflict, "wrong_event"), (otherEvent.Status, otherEvent.Body.Result));
        Assert.Equal((HttpStatusCode.NotFound, "unknown_ticket"), (forged.Status, forged.Body.Result));
        Assert.Equal((HttpStatusCode.NotFound, "unknown_ticket"), (noSuchOrder.Status, noSuchOrder.Body.Result));
    }

    [Fact]
    public async Task Only_the_events_gate_staff_its_organizer_and_admins_scan_and_bad_scans_are_400()
    {
        using var customer = fixture.NewCustomer("Đinh Thị Lan");
        await customer.SignUpAndLogInAsync();
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };
        using var gate = await fixture.NewAccountWithRolesAsync("Cổng 2", Roles.Staff);
        using var otherEventsStaff = await fixture.NewAccountWithRolesAsync("Cổng sự kiện khác", Roles.Staff);
        using var otherOrganizer = await fixture.NewAccountWithRolesAsync("Ban tổ chức khác", Roles.Organizer);
        await fixture.AssignGateStaffAsync(fixture.EventId, gate);

        var scan = new { eventId = fixture.EventId, gate = "2", token = "x.y" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/checkin", scan)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.PostAsJsonAsync("/api/v1/checkin", scan)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.GetAsync($"/api/v1/checkin/{fixture.EventId}/list")).StatusCode);
        // Staff and organizers scan only where they were named: not at another organizer's event.
        Assert.Equal(HttpStatusCode.Forbidden, (await otherEventsStaff.Http.PostAsJsonAsync("/api/v1/checkin", scan)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherOrganizer.Http.GetAsync($"/api/v1/checkin/{fixture.EventId}/list")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gate.Http.PostAsJsonAsync("/api/v1/checkin", scan)).StatusCode);
        using var admin = await fixture.AdminAsync();
        var unknown = await admin.PutAsJsonAsync($"/api/v1/organizer/events/{fixture.EventId}/gate-staff", new { emails = new[] { "khong-co@example.vn" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("emails", await Problems.FieldsAsync(unknown));
        var bad = await gate.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, token = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Superset(new HashSet<string> { "gate", "token" }, (await Problems.FieldsAsync(bad)).ToHashSet());
        var future = await gate.Http.PostAsJsonAsync("/api/v1/checkin/sync", new
        {
            eventId = fixture.EventId, gate = "2", scans = new[] { new { token = "x.y", scannedAt = DateTimeOffset.UtcNow.AddHours(1) } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
    }

    [Fact]
    public async Task An_offline_scanner_checks_tickets_against_the_downloaded_list_and_on_sync_the_earliest_scan_wins()
    {
        var (_, order, _) = await PaidOrderAsync("Hồ Văn Minh", quantity: 3);
        var tokens = order.Tickets.Select(t => _tokens.Sign(new TicketClaims(t.TicketId, fixture.EventId))).ToList();
        using var online = await fixture.NewAccountWithRolesAsync("Cổng chính", Roles.Staff);
        using var offline = await fixture.NewAccountWithRolesAsync("Cổng phụ", Roles.Staff);
        await fixture.AssignGateStaffAsync(fixture.EventId, online, offline);
        // The main gate is online; ticket 0 goes in there first.
        var first = await CheckInAsync(online, tokens[0], gate: "main");
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var list = (await offline.Http.GetFromJsonAsync<CheckInListDto>($"/api/v1/checkin/{fixture.EventId}/list"))!;
        var listed = order.Tickets.Select(t => list.Tickets.Single(e => e.TicketId == t.TicketId)).ToList();
        // The scanner recognises every printed code by its fingerprint, and the list holds no token a copier could print.
        Assert.Equal(tokens.Select(TicketTokens.Fingerprint), listed.Select(e => e.TokenFingerprint));
        Assert.DoesNotContain(list.Tickets, e => tokens.Contains(e.TokenFingerprint));
        Assert.Equal("main", listed[0].CheckedInGate);
        Assert.Null(listed[1].CheckedInAt);

        // The side gate's scanner, offline all evening: ticket 1 ten minutes ago (the main gate scans it only now,
        // online), ticket 2 twice, ticket 0 a second after the main gate had admitted it.
        var started = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds());
        Assert.Equal(HttpStatusCode.OK, (await CheckInAsync(online, tokens[1], gate: "main")).Status);
        var scans = new[]
        {
            new { token = tokens[1], scannedAt = started },
            new { token = tokens[2], scannedAt = started.AddMinutes(1) },
            new { token = tokens[2], scannedAt = started.AddMinutes(5) },
            new { token = tokens[0], scannedAt = first.Body.FirstScannedAt!.Value.AddSeconds(1) },
        };
        var sync = await offline.Http.PostAsJsonAsync("/api/v1/checkin/sync", new { eventId = fixture.EventId, gate = "side", scans });
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        var results = (await sync.Content.ReadFromJsonAsync<List<CheckInDto>>())!;

        // Ticket 1: the offline scan was first, so it stands over the later online one. Ticket 2: its first scan counts.
        // Ticket 0: the main gate was first.
        Assert.Equal(["admitted", "admitted", "already_used", "already_used"], results.Select(r => r.Result));
        Assert.Equal((started.AddMinutes(1), "side"), (results[2].FirstScannedAt, results[2].FirstGate));
        Assert.Equal("main", results[3].FirstGate);
        var after = (await offline.Http.GetFromJsonAsync<CheckInListDto>($"/api/v1/checkin/{fixture.EventId}/list"))!;
        Assert.Equal((started, "side"), after.Tickets.Where(e => e.TicketId == order.Tickets[1].TicketId).Select(e => (e.CheckedInAt, e.CheckedInGate)).Single());

        // Uploading the same scans again (the scanner lost the answer) changes nothing and reports the same.
        var again = await offline.Http.PostAsJsonAsync("/api/v1/checkin/sync", new { eventId = fixture.EventId, gate = "side", scans });
        Assert.Equal(results.Select(r => (r.Result, r.FirstScannedAt, r.FirstGate)),
            (await again.Content.ReadFromJsonAsync<List<CheckInDto>>())!.Select(r => (r.Result, r.FirstScannedAt, r.FirstGate)));
    }

    private async Task<(HttpStatusCode Status, CheckInDto Body)> CheckInAsync(Customer scanner, string token, string gate = "1")
    {
        var response = await scanner.Http.PostAsJsonAsync("/api/v1/checkin", new { eventId = fixture.EventId, gate, token });
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<CheckInDto>())!);
    }

    /// <summary>A customer's standing-room order, paid; the customer's e-mail address gets the tickets.</summary>
    private async Task<(Customer Customer, OrderDto Order, string Email)> PaidOrderAsync(string fullName, int quantity)
    {
        var (customer, admission) = await fixture.AdmittedCustomerAsync(fullName);
        var placed = await customer.PlaceOrderAsync(fixture.EventId, admission, "gate-order", new { sectionId = "GA", quantity });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await Customer.OrderFromAsync(placed);
        Assert.Equal(HttpStatusCode.Redirect, (await PaymentProviderSandbox.PayAsync(order.Payment!.CheckoutUrl!)).StatusCode);
        return (customer, await customer.WaitForOrderStateAsync(order.OrderId, "confirmed", PurchaseJourney.SagaTimeout), customer.Email);
    }

    /// <summary>The QR codes on the PDF the customer was mailed: what a gate actually scans.</summary>
    private async Task<List<string>> PrintedTokensAsync(string email)
    {
        var mail = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, PurchaseJourney.SagaTimeout));
        var pdf = mail.Attachments.OfType<MimeKit.MimePart>().Single(a => a.ContentType.MimeType == "application/pdf");
        using var bytes = new MemoryStream();
        await pdf.Content!.DecodeToAsync(bytes);
        return await PdfInspection.QrCodesAsync(bytes.ToArray());
    }
}
