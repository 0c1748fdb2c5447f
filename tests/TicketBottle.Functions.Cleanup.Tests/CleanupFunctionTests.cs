using TicketBottle.ServiceIdentity;
using System.Text.Json;
using Serilog;
using TicketBottle.Contracts.Inventory.V1;
using Google.Protobuf.WellKnownTypes;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.Functions.Cleanup.Tests;

public sealed class CleanupFunctionTests(CoreServicesFixture services) : IClassFixture<CoreServicesFixture>
{
    private static readonly string CleanupKey = LocalServiceIdentities.PrivateKeyPem(Callers.Cleanup);

    private static readonly ILogger Quiet = new LoggerConfiguration().CreateLogger();

    private static async Task<JsonDocument> InvokeWithSampleEventAsync(CleanupFunction function)
    {
        await using var input = File.OpenRead(Path.Combine(RepositoryPaths.Events, "cleanup-schedule.json"));
        await using var output = await function.HandleAsync(input);
        return await JsonDocument.ParseAsync(output);
    }

    private static JsonElement Sweep(JsonDocument summary, string name) =>
        summary.RootElement.GetProperty("sweeps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Scheduled_run_releases_expired_holds_and_expires_stale_payments()
    {
        var eventId = await services.HoldSeatsThatExpireAsync(holds: 7);
        var intent = await services.Payments.CreatePaymentIntentAsync(new CreatePaymentIntentRequest
        {
            OrderId = $"ord-{Guid.NewGuid():N}", AmountVnd = 600_000, Provider = PaymentProvider.Payos,
        });
        services.Clock.Advance(TimeSpan.FromMinutes(16));
        var function = new CleanupFunction(new CleanupOptions
        {
            ServiceIdentityKey = CleanupKey,
            InventoryServiceUrl = services.InventoryAddress.ToString(), PaymentServiceUrl = services.PaymentAddress.ToString(), BatchSize = 3,
        }, Quiet);

        using var summary = await InvokeWithSampleEventAsync(function);
        using var secondRun = await InvokeWithSampleEventAsync(function);

        Assert.Equal("5b0d3c9e-1f7a-4c1e-9d3b-2a6f8e4c7b10", summary.RootElement.GetProperty("trigger_id").GetString());
        var inventory = Sweep(summary, "inventory.release_expired_holds");
        Assert.Equal("completed", inventory.GetProperty("status").GetString());
        Assert.Equal(7, inventory.GetProperty("counts").GetProperty("holds_released").GetInt64());
        Assert.Equal(14, inventory.GetProperty("counts").GetProperty("seats_released").GetInt64());
        Assert.Equal(3, inventory.GetProperty("batches").GetInt32());
        // The reconciliation sweep runs beside it and may hold the intent's row at that instant (both take rows with
        // SKIP LOCKED): then the next run expires it.
        var expired = new[] { summary, secondRun }.Sum(run => Sweep(run, "payment.expire_stale_intents").GetProperty("counts").GetProperty("intents_expired").GetInt64());
        Assert.True(expired >= 1);
        Assert.Equal(PaymentStatus.Expired, (await services.Payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = intent.PaymentId })).Status);
        var ga = (await services.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { EventId = eventId })).Sections.Single();
        Assert.Equal(ga.Capacity, ga.Available);
        Assert.Equal(0, Sweep(secondRun, "inventory.release_expired_holds").GetProperty("counts").GetProperty("holds_released").GetInt64());
    }

    [Fact]
    public async Task An_unreachable_service_fails_its_own_sweep_only()
    {
        var function = new CleanupFunction(new CleanupOptions
        {
            ServiceIdentityKey = CleanupKey,
            InventoryServiceUrl = $"http://127.0.0.1:{FreePort.Next()}", PaymentServiceUrl = services.PaymentAddress.ToString(),
            CallDeadline = TimeSpan.FromSeconds(2),
        }, Quiet);

        using var summary = await InvokeWithSampleEventAsync(function);

        var inventory = Sweep(summary, "inventory.release_expired_holds");
        Assert.Equal("failed", inventory.GetProperty("status").GetString());
        Assert.StartsWith("Unavailable", inventory.GetProperty("error").GetString());
        Assert.Equal("completed", Sweep(summary, "payment.expire_stale_intents").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_sweep_stops_when_its_budget_is_spent_and_the_next_run_continues()
    {
        await services.HoldSeatsThatExpireAsync(holds: 12);
        services.Clock.Advance(TimeSpan.FromMinutes(1));
        var options = new CleanupOptions
        {
            ServiceIdentityKey = CleanupKey,
            InventoryServiceUrl = services.InventoryAddress.ToString(), BatchSize = 1, SweepBudget = TimeSpan.FromTicks(1),
        };

        using var first = await InvokeWithSampleEventAsync(new CleanupFunction(options, Quiet));
        using var rest = await InvokeWithSampleEventAsync(new CleanupFunction(options with { SweepBudget = TimeSpan.FromSeconds(30) }, Quiet));

        var cut = Sweep(first, "inventory.release_expired_holds");
        Assert.Equal("budget_exhausted", cut.GetProperty("status").GetString());
        Assert.Equal(1, cut.GetProperty("batches").GetInt32());
        var finished = Sweep(rest, "inventory.release_expired_holds");
        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.Equal(12, cut.GetProperty("counts").GetProperty("holds_released").GetInt64() +
                         finished.GetProperty("counts").GetProperty("holds_released").GetInt64());
        Assert.Single(first.RootElement.GetProperty("sweeps").EnumerateArray());
    }

    [Fact]
    public async Task Customers_who_stopped_watching_the_waitroom_are_purged()
    {
        var now = services.Clock.GetUtcNow();
        var eventId = $"evt-{Guid.NewGuid():N}";
        await services.Waitroom.OpenWaitroomAsync(new OpenWaitroomRequest
        {
            EventId = eventId, SaleStartsAt = Timestamp.FromDateTimeOffset(now), SaleEndsAt = Timestamp.FromDateTimeOffset(now.AddHours(1)),
            AdmitPerSecond = 10, MaxAdmitted = 10, AdmissionTtlSeconds = 60,
        });
        foreach (var customer in new[] { "gone-1", "gone-2", "gone-3" })
        {
            await services.Waitroom.JoinAsync(new JoinRequest { EventId = eventId, CustomerId = customer });
        }

        services.Clock.Advance(TimeSpan.FromMinutes(3));
        var function = new CleanupFunction(new CleanupOptions { ServiceIdentityKey = CleanupKey, WaitroomServiceUrl = services.WaitroomAddress.ToString() }, Quiet);

        using var summary = await InvokeWithSampleEventAsync(function);

        var waitroom = Sweep(summary, "waitroom.purge_inactive");
        Assert.Equal("completed", waitroom.GetProperty("status").GetString());
        Assert.Equal(3, waitroom.GetProperty("counts").GetProperty("customers_removed").GetInt64());
    }
}
