using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using TicketBottle.Gateway.Api;
using TicketBottle.LocalPlatform;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The waiting room's live stream through the real Gateway, its one feed of the queue and the real Waitroom.</summary>
[Collection(PlatformCollection.Name)]
public sealed class QueueStreamTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_stream_follows_the_place_ends_replaced_by_the_customers_newer_stream_and_removed_when_they_leave()
    {
        // One customer shopping at a time, so the others wait for as long as the test needs.
        var eventId = await DemoEvent.PublishAsync(fixture.Platform.ServiceUrl("event"), "Hàng đợi",
            [new DemoEvent.Layout("GA", "Đứng", 600_000, [], 0, 10)], admitPerSecond: 50, maxAdmitted: 1);
        using var shopping = await JoinedAsync(eventId, "Người mua");
        await WaitUntilAsync(async () => (await StatusAsync(shopping, eventId)).State == "admitted");
        using var ahead = await JoinedAsync(eventId, "Người trước");
        using var watcher = await JoinedAsync(eventId, "Người xem");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await using var first = await OpenAsync(watcher, eventId, timeout.Token);
        Assert.Equal(("position", 1L), Summary(await first.NextAsync()));

        Assert.Equal(HttpStatusCode.NoContent, (await ahead.Http.DeleteAsync($"/api/v1/events/{eventId}/waitroom")).StatusCode);
        Assert.Equal(("position", 0L), Summary(await first.NextAsync()));

        await using var second = await OpenAsync(watcher, eventId, timeout.Token);
        Assert.Equal(("position", 0L), Summary(await second.NextAsync()));
        Assert.Equal("replaced", (await first.NextAsync()).EventType);
        Assert.Null(await first.NextOrEndAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await watcher.Http.DeleteAsync($"/api/v1/events/{eventId}/waitroom")).StatusCode);
        Assert.Equal("removed", (await second.NextAsync()).EventType);
        Assert.Null(await second.NextOrEndAsync());
        // Not queued any more: a new stream is a plain 404, not a broken event stream.
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/waitroom/stream");
        Assert.Equal(HttpStatusCode.NotFound, (await watcher.Http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Thirty_streaming_customers_each_see_their_own_place_only_move_forward_and_are_admitted_in_ticket_order()
    {
        var eventId = await DemoEvent.PublishAsync(fixture.Platform.ServiceUrl("event"), "Hàng đợi đông",
            [new DemoEvent.Layout("GA", "Đứng", 600_000, [], 0, 100)], admitPerSecond: 5, maxAdmitted: 1000);
        var customers = new List<Customer>();
        for (var i = 0; i < 30; i++)
        {
            var customer = fixture.NewCustomer($"Khách {i}");
            await customer.SignUpAndLogInAsync();
            customers.Add(customer);
        }

        var tickets = new List<long>();
        foreach (var customer in customers)
        {
            var joined = await customer.Http.PostAsync($"/api/v1/events/{eventId}/waitroom", null);
            tickets.Add(JsonSerializer.Deserialize<QueueStatusDto>(await joined.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!.Ticket);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var admittedAt = await Task.WhenAll(customers.Select(async customer =>
        {
            await using var stream = await OpenAsync(customer, eventId, timeout.Token);
            var positions = new List<long>();
            while (await stream.NextOrEndAsync() is { } item)
            {
                var status = JsonSerializer.Deserialize<QueueStatusDto>(item.Data, JsonSerializerOptions.Web)!;
                if (item.EventType == "admitted")
                {
                    Assert.NotNull(status.AdmissionToken);
                    Assert.Equal(positions.OrderDescending(), positions);
                    return DateTimeOffset.UtcNow;
                }

                Assert.Equal("position", item.EventType);
                positions.Add(status.Position);
            }

            throw new Xunit.Sdk.XunitException("The stream ended before the admission.");
        }));

        foreach (var customer in customers)
        {
            customer.Dispose();
        }

        // Admitted in ticket order, give or take the pacing of the snapshots (one a second at most).
        var byTicket = tickets.Zip(admittedAt).OrderBy(t => t.First).Select(t => t.Second).ToList();
        for (var i = 1; i < byTicket.Count; i++)
        {
            Assert.True(byTicket[i] >= byTicket[i - 1] - TimeSpan.FromSeconds(1.5), $"ticket #{i} admitted well before the one ahead of it");
        }
    }

    private async Task<Customer> JoinedAsync(string eventId, string name)
    {
        var customer = fixture.NewCustomer(name);
        await customer.SignUpAndLogInAsync();
        Assert.Equal(HttpStatusCode.OK, (await customer.Http.PostAsync($"/api/v1/events/{eventId}/waitroom", null)).StatusCode);
        return customer;
    }

    private static async Task<QueueStatusDto> StatusAsync(Customer customer, string eventId) =>
        JsonSerializer.Deserialize<QueueStatusDto>(await customer.Http.GetStringAsync($"/api/v1/events/{eventId}/waitroom"), JsonSerializerOptions.Web)!;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }

    private static (string, long) Summary(SseItem<string> item) =>
        (item.EventType, JsonSerializer.Deserialize<QueueStatusDto>(item.Data, JsonSerializerOptions.Web)!.Position);

    private static async Task<EventStream> OpenAsync(Customer customer, string eventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/waitroom/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await customer.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken)).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        return new EventStream(response, items);
    }

    private sealed class EventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items) : IAsyncDisposable
    {
        public async Task<SseItem<string>> NextAsync() => await NextOrEndAsync() ?? throw new Xunit.Sdk.XunitException("The stream ended.");

        public async Task<SseItem<string>?> NextOrEndAsync() => await items.MoveNextAsync() ? items.Current : null;

        public async ValueTask DisposeAsync()
        {
            await items.DisposeAsync();
            response.Dispose();
        }
    }
}
