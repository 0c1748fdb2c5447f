using System.Net;
using System.Net.Http.Json;
using TicketBottle.Gateway.Api;
using Grpc.Net.Client;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.ServiceIdentity;
using Xunit;
using TicketBottle.LocalPlatform;
using TicketBottle.LocalInfrastructure;

namespace TicketBottle.PlatformTesting;

/// <summary>
/// The whole platform for real on loopback (PostgreSQL, Redis, dynalite, s3rver, mock Kafka, every service, the
/// Gateway, the functions behind their local triggers) and a real SMTP server catching the mail. Payment windows are
/// seconds long so the expiry path can be watched; the Cleanup schedule is off and tests invoke the function.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    public static readonly PlatformSettings Settings = new()
    {
        SmtpPort = 0,
        PaymentLifetime = TimeSpan.FromSeconds(10),
        PaymentGrace = TimeSpan.FromSeconds(1),
        // A test that loses a callback reconciles it with one Cleanup run.
        PaymentReconcileAfter = TimeSpan.Zero,
        HoldLifetime = TimeSpan.FromSeconds(60),
        CleanupInterval = null,
        LogLevel = "Warning",
        // Every test customer registers and logs in from 127.0.0.1.
        AuthPerMinute = 1000,
    };

    public CollectingSmtpServer Smtp { get; } = new();
    /// <summary>What a fixture changes in <see cref="Settings"/> (hosting, traces, logs).</summary>
    protected virtual PlatformSettings Customize(PlatformSettings settings) => settings;
    public Platform Platform { get; private set; } = null!;
    public string EventId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Platform = await Platform.StartAsync(Customize(Settings with { SmtpPort = Smtp.Port }));
        EventId = await DemoEvent.PublishAsync(Platform.ServiceUrl("event"), "Đêm nhạc Trịnh Công Sơn",
        [
            new DemoEvent.Layout("A", "Khu A", 1_500_000, ["1", "2"], 10),
            new DemoEvent.Layout("GA", "Đứng", 600_000, [], 0, 50),
        ]);
    }

    public Customer NewCustomer(string fullName) => new(this, fullName);

    /// <summary>
    /// A new account granted <paramref name="roles"/> by the local admin through the admin API, logged in again so its
    /// token carries them.
    /// </summary>
    public async Task<Customer> NewAccountWithRolesAsync(string fullName, params string[] roles)
    {
        var account = NewCustomer(fullName);
        await account.SignUpAndLogInAsync();
        using var admin = await AdminAsync();
        var granted = await admin.PutAsJsonAsync("/api/v1/admin/roles", new { email = account.Email, roles });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        await account.LogInAsync();
        return account;
    }

    /// <summary>Names <paramref name="staff"/> as the event's gate staff (as an admin, through the organizer API).</summary>
    public async Task AssignGateStaffAsync(string eventId, params Customer[] staff)
    {
        using var admin = await AdminAsync();
        var assigned = await admin.PutAsJsonAsync($"/api/v1/organizer/events/{eventId}/gate-staff", new { emails = staff.Select(s => s.Email) });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
    }

    /// <summary>The local admin (PlatformSettings.AdminEmail), logged in.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        var admin = new HttpClient { BaseAddress = Platform.GatewayUrl };
        var login = await admin.PostAsJsonAsync("/api/v1/auth/login", new { email = Settings.AdminEmail, password = Settings.LocalPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken);
        return admin;
    }

    /// <summary>The Payment service as an operator reaches it (refunds to complete by hand).</summary>
    public PaymentService.PaymentServiceClient PaymentsAsOperator()
    {
        var channel = GrpcChannel.ForAddress(Platform.ServiceUrl("payment"));
        return new PaymentService.PaymentServiceClient(channel.As(Callers.Operator));
    }

    /// <summary>The order's refunds that wait for a person (PayOS has no refund API).</summary>
    public async Task<List<Refund>> RefundsAwaitingOperatorAsync(string orderId) =>
        (await PaymentsAsOperator().ListRefundsAsync(new ListRefundsRequest())).Refunds.Where(r => r.OrderId == orderId).ToList();

    /// <summary>A new customer, signed up, logged in and through the waitroom of <see cref="EventId"/>: ready to buy.</summary>
    public async Task<(Customer Customer, string Admission)> AdmittedCustomerAsync(string fullName)
    {
        var customer = NewCustomer(fullName);
        await customer.SignUpAndLogInAsync();
        return (customer, await customer.QueueUntilAdmittedAsync(EventId));
    }

    public async Task DisposeAsync()
    {
        // Null when it failed to start; the test reports that failure, not this one.
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }

        Smtp.Dispose();
    }
}

/// <summary>
/// The same platform with a process per service (the way the Kubernetes manifests run it), observed as in production:
/// Information-level logs kept per process, spans written to a trace directory, a Prometheus port per service.
/// </summary>
public sealed class ProcessPerServicePlatformFixture : PlatformFixture
{
    public string TelemetryDirectory { get; } = Path.Combine(Path.GetTempPath(), $"tb-telemetry-{Guid.NewGuid():N}");
    public string TraceDirectory => Path.Combine(TelemetryDirectory, "traces");
    public string LogDirectory => Path.Combine(TelemetryDirectory, "logs");

    private readonly Lock _gate = new();
    private Task? _shared;

    /// <summary>Runs <paramref name="run"/> once for every test of the class that asks (one purchase to observe).</summary>
    public Task<T> OnceAsync<T>(Func<Task<T>> run)
    {
        lock (_gate)
        {
            return (Task<T>)(_shared ??= run());
        }
    }

    protected override PlatformSettings Customize(PlatformSettings settings) => settings with
    {
        ProcessPerService = true, TraceDirectory = TraceDirectory, LogDirectory = LogDirectory, LogLevel = "Information",
    };
}
