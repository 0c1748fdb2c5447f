using TicketBottle.Gateway.Api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The public edge's contract: status codes, problem documents, limits, the OpenAPI document.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Anonymous_callers_get_401_on_customer_endpoints_but_can_browse_events()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/orders", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/events/{fixture.EventId}/waitroom", null)).StatusCode);
        var listed = await anonymous.GetFromJsonAsync<EventPage>("/api/v1/events");
        Assert.Contains(listed!.Events, e => e.EventId == fixture.EventId);
        var details = await anonymous.GetFromJsonAsync<EventDto>($"/api/v1/events/{fixture.EventId}");
        Assert.Equal("Asia/Ho_Chi_Minh", details!.Venue.TimeZone);
    }

    [Fact]
    public async Task Bad_input_is_a_400_problem_naming_the_fields()
    {
        using var customer = fixture.NewCustomer("Ngô Thanh Tùng");
        await customer.SignUpAndLogInAsync();

        var response = await customer.Http.PostAsJsonAsync("/api/v1/orders", new { eventId = fixture.EventId, quantity = 0, paymentProvider = "cash" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("Idempotency-Key"));
        Assert.True(errors.ContainsKey("X-Admission-Token"));
        Assert.True(errors.ContainsKey("paymentProvider"));
        var weak = await customer.Http.PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "x", fullName = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        // An e-mail address over the Gateway's 64 KiB body limit (a 5 MB one once reached the User service as 429). Small
        // enough to be sent whole before the answer: with megabytes the server may close the socket while the client
        // still writes, which is a refusal too, but not a status code to assert.
        var huge = await customer.Http.PostAsJsonAsync("/api/v1/auth/register", new { email = new string('a', 200_000), password = "x", fullName = "X" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Duplicate_email_is_409_and_a_wrong_password_is_401()
    {
        using var customer = fixture.NewCustomer("Trịnh Văn Khoa");
        await customer.SignUpAndLogInAsync();
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };

        var again = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = customer.Email.ToUpperInvariant(), password = customer.Password, fullName = "X" });
        var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = customer.Email, password = "sai-mật-khẩu-rồi" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Someone_elses_order_and_an_unknown_event_are_404()
    {
        using var owner = fixture.NewCustomer("Lý Thảo My");
        using var stranger = fixture.NewCustomer("Mai Đức Anh");
        await owner.SignUpAndLogInAsync();
        await stranger.SignUpAndLogInAsync();
        var admission = await owner.QueueUntilAdmittedAsync(fixture.EventId);
        var placed = await owner.PlaceOrderAsync(fixture.EventId, admission, "mine", new { sectionId = "GA", quantity = 1 });
        var orderId = (await Customer.OrderFromAsync(placed)).OrderId;

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/v1/orders/{orderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/v1/orders/{orderId}/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/v1/events/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_customer_over_the_rate_limit_gets_429_with_retry_after()
    {
        using var customer = fixture.NewCustomer("Tạ Quang Vinh");
        await customer.SignUpAndLogInAsync();

        var burst = PlatformFixture.Settings.RateLimitPerSecond * 2;
        var responses = await Task.WhenAll(Enumerable.Range(0, burst + 20).Select(_ => customer.Http.GetAsync("/api/v1/events")));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) >= burst - PlatformFixture.Settings.RateLimitPerSecond);
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_customer_journey()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Platform.GatewayUrl };

        var document = await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/events", "/api/v1/events/{eventId}/waitroom/stream", "/api/v1/orders", "/api/v1/orders/{orderId}" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} missing from the OpenAPI document");
        }
    }
}
