using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using TicketBottle.Gateway.Api;
using TicketBottle.Testing;

namespace TicketBottle.Gateway.UnitTests;

public sealed class EndpointTests : IClassFixture<GatewayFactory>
{
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
        using var forged = _gateway.SignedIn("c-1", signingKey: "another-key-of-at-least-thirty-two-bytes-0123");

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
        _gateway.Orders.Add(FakeOrders.Sample("c-owner", "o-theirs"));
        using var stranger = _gateway.SignedIn("c-stranger");
        using var owner = _gateway.SignedIn("c-owner");

        var theirs = await stranger.GetAsync("/api/v1/orders/o-theirs");
        var missing = await stranger.GetAsync("/api/v1/orders/o-nobody");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (theirs.StatusCode, missing.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/orders/o-theirs")).StatusCode);
    }

    [Fact]
    public async Task Tickets_of_an_unpaid_order_are_409_and_of_a_paid_one_a_redirect_to_the_PDF_route()
    {
        var unpaid = FakeOrders.Sample("c-1", "o-unpaid");
        var paid = FakeOrders.Sample("c-1", "o-paid");
        paid.State = Contracts.Order.V1.OrderState.Confirmed;
        _gateway.Orders.Add(unpaid);
        _gateway.Orders.Add(paid);
        using var client = _gateway.SignedIn("c-1");

        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync("/api/v1/orders/o-unpaid/tickets")).StatusCode);
        var redirect = await client.GetAsync("/api/v1/orders/o-paid/tickets");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(new Uri("https://functions.example.vn/orders/o-paid/tickets.pdf"), redirect.Headers.Location);
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
            last = await client.GetAsync("/api/v1/orders/o-none");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(2, limited.Orders.Calls);
    }

    private static HttpRequestMessage PlaceOrder(PlaceOrderBody body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add(OrderEndpoints.IdempotencyKeyHeader, "key-1");
        request.Headers.Add(OrderEndpoints.AdmissionTokenHeader, "admission-token");
        return request;
    }
}
