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
    /// <summary>Each service as its own process, configured through its environment as the manifests configure it.</summary>
    protected virtual bool ProcessPerService => false;
    public Platform Platform { get; private set; } = null!;
    public string EventId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Platform = await Platform.StartAsync(Settings with { SmtpPort = Smtp.Port, ProcessPerService = ProcessPerService });
        EventId = await DemoEvent.PublishAsync(Platform.ServiceUrl("event"), "Đêm nhạc Trịnh Công Sơn",
        [
            new DemoEvent.Layout("A", "Khu A", 1_500_000, ["1", "2"], 10),
            new DemoEvent.Layout("GA", "Đứng", 600_000, [], 0, 50),
        ]);
    }

    public Customer NewCustomer(string fullName) => new(this, fullName);

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
        await Platform.DisposeAsync();
        Smtp.Dispose();
    }
}

/// <summary>The same platform with a process per service (the way the Kubernetes manifests run it).</summary>
public sealed class ProcessPerServicePlatformFixture : PlatformFixture
{
    protected override bool ProcessPerService => true;
}
