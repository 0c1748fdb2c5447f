using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using TicketBottle.Gateway.Api;
using TicketBottle.Testing;

namespace TicketBottle.Gateway.UnitTests;

public sealed class EndpointTests : IClassFixture<GatewayFactory>
{
    // Order ids are GUIDs; anything else is answered 404 without asking the Order service.
    private const string TheirOrder = "0b5c9a6e-3f1d-4e2a-9c7b-1d2e3f4a5b6c";
    private const string UnpaidOrder = "1c6dab7f-402e-4f3b-8d8c-2e3f4a5b6c7d";
    private const string PaidOrder = "2d7ebc80-513f-4a4c-9e9d-3f4a5b6c7d8e";
    private const string NoSuchOrder = "3e8fcd91-6240-4b5d-8fae-4a5b6c7d8e9f";

    private readonly GatewayFactory _gateway;

    public EndpointTests(GatewayFactory gateway)
    {
        // One in-memory host for the class; fresh fakes for every test.
        _gateway = gateway;
        _gateway.Users = new FakeUsers();
        _gateway.Orders = new FakeOrders();
    }

    [Fact]
    public async Task Registration_missing_fields_is_400_naming_each_field_and_never_reaches_the_User_service()
    {
        using var client = _gateway.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = " ", password = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["email", "fullName", "password"], errors.Select(e => e.Key).Order());
        Assert.Equal(0, _gateway.Users.Calls);
    }

    [Theory]
    [InlineData("email", 5_000_000)] // once forwarded to the User service, which refused the gRPC message: 429
    [InlineData("password", 129)]
    [InlineData("fullName", 201)]
    public async Task Registration_fields_longer_than_their_bound_are_400_and_never_reach_the_User_service(string field, int length)
    {
        using var client = _gateway.CreateClient();
        var body = new Dictionary<string, string> { ["email"] = "khach@example.vn", ["password"] = "long-enough-password", ["fullName"] = "Khách" };
        body[field] = new string('a', length);

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, _gateway.Users.Calls);
    }

    [Theory]
    [InlineData("Nguyễn\u0000Văn")]      // a NUL, which PostgreSQL refuses: once a 502
    [InlineData("Nguyễn Văn\u202Enhk")]  // right-to-left override: displays as another name
    [InlineData("Nguyễn\nVăn")]
    public async Task A_name_with_control_or_bidi_override_characters_is_400(string fullName)
    {
        using var client = _gateway.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new RegisterBody("khach@example.vn", "long-enough-password", fullName));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control", (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, _gateway.Users.Calls);
    }

    [Fact]
    public async Task An_order_id_no_order_can_have_is_404_without_asking_the_Order_service()
    {
        using var client = _gateway.SignedIn("c-1");

        var response = await client.GetAsync($"/api/v1/orders/{new string('9', 3000)}"); // once a 502

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, _gateway.Orders.Calls);
    }

    [Fact]
    public async Task A_taken_email_is_409_with_the_services_reason()
    {
        using var client = _gateway.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register",
            new RegisterBody(FakeUsers.TakenEmail, "long-enough-password", "Khách"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("exists", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Orders_need_a_token_the_User_service_signed()
    {
        using var anonymous = _gateway.CreateClient();
        using var forged = _gateway.SignedIn("c-1", new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = GatewayFactory.SigningKey.KeyId });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/orders/o-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/orders/o-1")).StatusCode);
        Assert.Equal(0, _gateway.Orders.Calls);
    }

    [Fact]
    public async Task An_order_without_Idempotency_Key_and_admission_token_is_400_and_reaches_no_service()
    {
        using var client = _gateway.SignedIn("c-1");

        var response = await client.PostAsJsonAsync("/api/v1/orders", new PlaceOrderBody("evt-1", null, "A", 2, "payos"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(new[] { OrderEndpoints.IdempotencyKeyHeader, OrderEndpoints.AdmissionTokenHeader }.Order(), errors.Select(e => e.Key).Order());
        Assert.Equal(0, _gateway.Orders.Calls);
    }

    [Fact]
    public async Task A_placed_order_is_201_at_its_location_for_the_signed_in_customer()
    {
        using var client = _gateway.SignedIn("c-1");

        var response = await client.SendAsync(PlaceOrder(new PlaceOrderBody("evt-1", null, "A", 1, "payos")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderDto>())!;
        Assert.Equal(new Uri("/api/v1/orders/o-1", UriKind.Relative), response.Headers.Location);
        Assert.Equal(("awaiting_payment", 1_500_000L, "100001"), (order.State, order.TotalVnd, order.Payment!.ProviderOrderRef));
        // Where the client sends the customer to pay, and PayOS's VietQR payload for a banking app.
        Assert.Equal(("https://pay.payos.vn/web/link-1", "000201-vietqr"), (order.Payment.CheckoutUrl, order.Payment.QrCode));
        Assert.Equal("A-1-1", Assert.Single(order.Tickets).SeatId);
    }

    [Fact]
    public async Task Seats_taken_upstream_is_409_with_the_reason()
    {
        _gateway.Orders.Place = _ => throw FakeCalls.Error(StatusCode.FailedPrecondition, "The seats were not available for this order.");
        using var client = _gateway.SignedIn("c-1");

        var response = await client.SendAsync(PlaceOrder(new PlaceOrderBody("evt-1", ["A-1-1"], null, null, "zalopay")));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("The seats were not available for this order.", "FailedPrecondition"),
            (problem["detail"]!.GetValue<string>(), problem["grpcStatus"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_customers_order_answers_exactly_like_a_missing_one()
    {
        _gateway.Orders.Add(FakeOrders.Sample("c-owner", TheirOrder));
        using var stranger = _gateway.SignedIn("c-stranger");
        using var owner = _gateway.SignedIn("c-owner");

        var theirs = await stranger.GetAsync($"/api/v1/orders/{TheirOrder}");
        var missing = await stranger.GetAsync($"/api/v1/orders/{NoSuchOrder}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (theirs.StatusCode, missing.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/orders/{TheirOrder}")).StatusCode);
    }

    [Fact]
    public async Task Tickets_of_an_unpaid_order_are_409_and_of_a_paid_one_a_redirect_to_the_PDF_route()
    {
        var unpaid = FakeOrders.Sample("c-1", UnpaidOrder);
        var paid = FakeOrders.Sample("c-1", PaidOrder);
        paid.State = Contracts.Order.V1.OrderState.Confirmed;
        _gateway.Orders.Add(unpaid);
        _gateway.Orders.Add(paid);
        using var client = _gateway.SignedIn("c-1");

        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/v1/orders/{UnpaidOrder}/tickets")).StatusCode);
        var redirect = await client.GetAsync($"/api/v1/orders/{PaidOrder}/tickets");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(new Uri($"https://functions.example.vn/orders/{PaidOrder}/tickets.pdf"), redirect.Headers.Location);
    }

    [Fact]
    public async Task A_customer_past_the_burst_is_429_with_Retry_After()
    {
        using var limited = new GatewayFactory { Burst = 2 };
        using var client = limited.SignedIn("c-busy");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.GetAsync($"/api/v1/orders/{NoSuchOrder}");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(2, limited.Orders.Calls);
    }

    [Fact]
    public async Task A_pod_at_its_in_progress_cap_answers_503_with_Retry_After_at_once_and_the_waiting_request_still_completes()
    {
        using var busy = new GatewayFactory { MaxConcurrentRequests = 1 };
        using var first = busy.SignedIn("c-first");
        using var second = busy.SignedIn("c-second");
        var waitroomBusy = new TaskCompletionSource();

        var inProgress = await JoinHeldAsync(busy, first, waitroomBusy);
        var shed = await second.PostAsync("/api/v1/events/evt-1/waitroom", null);
        waitroomBusy.SetResult();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        Assert.Equal(1, busy.Waitroom.JoinsStarted);
        Assert.Equal(HttpStatusCode.OK, (await inProgress).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/api/v1/events/evt-1/waitroom", null)).StatusCode);
    }

    [Fact]
    public async Task An_order_is_taken_while_joins_fill_the_pods_line()
    {
        using var busy = new GatewayFactory { MaxConcurrentRequests = 1 };
        using var joining = busy.SignedIn("c-joining");
        using var buying = busy.SignedIn("c-buying");
        var waitroomBusy = new TaskCompletionSource();

        var join = await JoinHeldAsync(busy, joining, waitroomBusy);
        var shedJoin = await buying.PostAsync("/api/v1/events/evt-1/waitroom", null);
        var order = await buying.SendAsync(PlaceOrder(new PlaceOrderBody("evt-1", null, "A", 1, "payos")));
        waitroomBusy.SetResult();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, shedJoin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await join).StatusCode);
    }

    /// <summary>A join that the Waitroom holds until <paramref name="release"/>: it takes the pod's one place in line.</summary>
    private static async Task<Task<HttpResponseMessage>> JoinHeldAsync(GatewayFactory gateway, HttpClient customer, TaskCompletionSource release)
    {
        gateway.Waitroom.JoinsAnswer = release.Task;
        var join = customer.PostAsync("/api/v1/events/evt-1/waitroom", null);
        await WaitUntilAsync(() => gateway.Waitroom.JoinsStarted == 1);
        return join;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    private static HttpRequestMessage PlaceOrder(PlaceOrderBody body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add(OrderEndpoints.IdempotencyKeyHeader, "key-1");
        request.Headers.Add(OrderEndpoints.AdmissionTokenHeader, "admission-token");
        return request;
    }
}
