using System.Net;
using TicketBottle.LocalPlatform;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The local function host runs what template.yaml declares, with the triggers AWS would give each function.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LocalFunctionHostTests(PlatformFixture fixture)
{
    [Fact]
    public void Template_triggers_are_read_as_AWS_would_wire_them()
    {
        var functions = SamTemplate.LoadFunctions(Path.Combine(RepositoryPaths.Root, "template.yaml")).ToDictionary(f => f.LogicalId);

        Assert.Equal([new HttpRoute("POST", "/webhooks/zalopay", false), new HttpRoute("POST", "/webhooks/payos", false)],
            functions["PaymentWebhooksFunction"].Routes);
        Assert.Equal([new HttpRoute("GET", "/orders/{orderId}/tickets.pdf", true)], functions["PdfGeneratorFunction"].Routes);
        Assert.Equal([new QueueTrigger("OrderEventsQueue", ["ticketbottle.orders", "ticketbottle.payments"], 10)], functions["EmailSenderFunction"].Queues);
        Assert.Equal(TimeSpan.FromMinutes(5), SamTemplate.RateOf(Assert.Single(functions["CleanupFunction"].Schedules).Expression));
        // Literal values come through; AWS-side ones (!Ref, !Sub, !If) are left for local values.
        Assert.Equal("5000", functions["PaymentWebhooksFunction"].Environment["CONFIRM_DEADLINE_MS"]);
        Assert.Null(functions["PaymentWebhooksFunction"].Environment["PAYOS_CHECKSUM_KEY"]);
        Assert.Null(functions["EmailSenderFunction"].Environment["ORDER_SERVICE_URL"]);
    }

    [Fact]
    public async Task The_ticket_route_has_the_JWT_authorizer_in_front_of_it()
    {
        using var client = new HttpClient { BaseAddress = fixture.Platform.FunctionsUrl };
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/orders/{Guid.NewGuid()}/tickets.pdf");
        forged.Headers.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/orders/{Guid.NewGuid()}/tickets.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
    }
}
