using Xunit;
using TicketBottle.Gateway.Api;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBottle.LocalPlatform;

namespace TicketBottle.PlatformTesting;

/// <summary>One customer driving the public HTTP API the way the web app does.</summary>
public sealed class Customer(PlatformFixture fixture, string fullName) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false })
    {
        BaseAddress = fixture.Platform.GatewayUrl, Timeout = TimeSpan.FromSeconds(60),
    };

    public string Email { get; } = $"khach.{Guid.NewGuid():N}@example.vn";
    public string FullName => fullName;
    public string Password => "mật-khẩu-đủ-dài-42";
    public HttpClient Http => _http;

    public async Task SignUpAndLogInAsync()
    {
        var registered = await _http.PostAsJsonAsync("/api/v1/auth/register", new { email = Email, password = Password, fullName = FullName });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        await LogInAsync();
    }

    /// <summary>A fresh access token (which carries the roles granted since the last one).</summary>
    public async Task<LoginResult> LogInAsync()
    {
        var login = await _http.PostAsJsonAsync("/api/v1/auth/login", new { email = Email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var result = (await login.Content.ReadFromJsonAsync<LoginResult>())!;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", result.AccessToken);
        return result;
    }

    /// <summary>Joins the waitroom and follows the server-sent events until admitted; returns the admission token.</summary>
    public async Task<string> QueueUntilAdmittedAsync(string eventId)
    {
        var joined = await _http.PostAsync($"/api/v1/events/{eventId}/waitroom", null);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/waitroom/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var admitted = await WaitroomStream.ReadUntilAdmittedAsync(await response.Content.ReadAsStreamAsync());
        Assert.Equal("admitted", admitted.State);
        return admitted.AdmissionToken!;
    }

    public async Task<HttpResponseMessage> PlaceOrderAsync(string eventId, string admissionToken, string idempotencyKey, object selection)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        request.Headers.Add("X-Admission-Token", admissionToken);
        var body = JsonSerializer.SerializeToNode(selection)!.AsObject();
        body["eventId"] = eventId;
        body["paymentProvider"] ??= "payos";
        request.Content = JsonContent.Create(body);
        return await _http.SendAsync(request);
    }

    public async Task<OrderDto> GetOrderAsync(string orderId)
    {
        var response = await _http.GetAsync($"/api/v1/orders/{orderId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await OrderFromAsync(response);
    }

    /// <summary>Polls the order until it reaches <paramref name="state"/> (the saga runs on Kafka events, asynchronously).</summary>
    public async Task<OrderDto> WaitForOrderStateAsync(string orderId, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var order = await GetOrderAsync(orderId);
            if (order.State == state || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(100);
        }
    }

    public async Task<int> AvailableAsync(string eventId, string sectionId)
    {
        var availability = await _http.GetFromJsonAsync<AvailabilityDto>($"/api/v1/events/{eventId}/availability");
        return availability!.Sections.Single(s => s.SectionId == sectionId).Available;
    }

    /// <summary>The order a Gateway answer carries (placement, retry, read).</summary>
    public static async Task<OrderDto> OrderFromAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<OrderDto>())!;

    public void Dispose() => _http.Dispose();
}
