using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Contracts.Order.V1;
using TicketBottle.Contracts.Payment.V1;
using TicketBottle.Contracts.User.V1;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.ServiceIdentity;

/// <summary>
/// Who may call which method, for every core service in one table, so the whole matrix is reviewed in one place. A
/// method not listed is refused to everyone (a new RPC must be added here to be callable). Health checks are open: the
/// kubelet and the load balancers probe them without an identity.
/// </summary>
public static class CallerPolicy
{
    private static readonly Dictionary<string, HashSet<string>> Allowed = new(StringComparer.Ordinal);

    static CallerPolicy()
    {
        Allow(UserService.Descriptor.FullName, [Callers.Gateway],
            nameof(UserService.UserServiceBase.Register), nameof(UserService.UserServiceBase.Login),
            nameof(UserService.UserServiceBase.GetSigningKeys), nameof(UserService.UserServiceBase.SetRoles),
            nameof(UserService.UserServiceBase.FindUsers));
        // The daily sales report mails each event's organizer: it reads their address.
        Allow(UserService.Descriptor.FullName, [Callers.Gateway, Callers.Analytics], nameof(UserService.UserServiceBase.GetUser));

        // Organizers through the edge (which checked the role and that the event is theirs), and operators.
        Allow(EventService.Descriptor.FullName, [Callers.Operator, Callers.Gateway],
            nameof(EventService.EventServiceBase.CreateVenue), nameof(EventService.EventServiceBase.CreateEvent),
            nameof(EventService.EventServiceBase.UpdateEvent), nameof(EventService.EventServiceBase.PublishEvent),
            nameof(EventService.EventServiceBase.SetGateStaff));
        Allow(EventService.Descriptor.FullName, [Callers.Operator, Callers.Gateway, Callers.Analytics], nameof(EventService.EventServiceBase.ListOrganizerEvents));
        Allow(EventService.Descriptor.FullName, [Callers.Gateway, Callers.Order, Callers.Operator], nameof(EventService.EventServiceBase.GetEvent));
        Allow(EventService.Descriptor.FullName, [Callers.Gateway, Callers.Operator], nameof(EventService.EventServiceBase.ListEvents));

        Allow(InventoryService.Descriptor.FullName, [Callers.Event], nameof(InventoryService.InventoryServiceBase.UpsertSeatMap));
        Allow(InventoryService.Descriptor.FullName, [Callers.Order],
            nameof(InventoryService.InventoryServiceBase.HoldSeats), nameof(InventoryService.InventoryServiceBase.ConfirmHold),
            nameof(InventoryService.InventoryServiceBase.ReleaseHold));
        Allow(InventoryService.Descriptor.FullName, [Callers.Order, Callers.Operator], nameof(InventoryService.InventoryServiceBase.GetHold));
        Allow(InventoryService.Descriptor.FullName, [Callers.Gateway, Callers.Operator, Callers.Analytics],
            nameof(InventoryService.InventoryServiceBase.GetAvailability));
        Allow(InventoryService.Descriptor.FullName, [Callers.Gateway, Callers.Operator], nameof(InventoryService.InventoryServiceBase.ListTakenSeats));
        Allow(InventoryService.Descriptor.FullName, [Callers.Cleanup], nameof(InventoryService.InventoryServiceBase.ReleaseExpiredHolds));

        Allow(OrderService.Descriptor.FullName, [Callers.Gateway], nameof(OrderService.OrderServiceBase.PlaceOrder));
        // Customers' personal data: the customer's own edge and the two functions that deliver their tickets.
        Allow(OrderService.Descriptor.FullName, [Callers.Gateway, Callers.EmailSender, Callers.PdfGenerator], nameof(OrderService.OrderServiceBase.GetOrder));
        Allow(OrderService.Descriptor.FullName, [Callers.Gateway], nameof(OrderService.OrderServiceBase.ListCustomerOrders));
        Allow(OrderService.Descriptor.FullName, [Callers.Cleanup], nameof(OrderService.OrderServiceBase.ExpireStaleOrders));
        // Gate scanners, through the edge that checked the staff role.
        Allow(OrderService.Descriptor.FullName, [Callers.Gateway], nameof(OrderService.OrderServiceBase.CheckIn),
            nameof(OrderService.OrderServiceBase.GetCheckInList), nameof(OrderService.OrderServiceBase.SyncCheckIns));

        Allow(PaymentService.Descriptor.FullName, [Callers.Order], nameof(PaymentService.PaymentServiceBase.CreatePaymentIntent));
        // Money confirmed means tickets issued: only the verified provider webhooks.
        Allow(PaymentService.Descriptor.FullName, [Callers.PaymentWebhooks], nameof(PaymentService.PaymentServiceBase.ConfirmPayment));
        Allow(PaymentService.Descriptor.FullName, [Callers.Order, Callers.Operator], nameof(PaymentService.PaymentServiceBase.GetPayment));
        Allow(PaymentService.Descriptor.FullName, [Callers.Cleanup],
            nameof(PaymentService.PaymentServiceBase.ExpireStaleIntents), nameof(PaymentService.PaymentServiceBase.ReconcilePayments));
        // The order saga settles its own payment: before expiring an order, and when an order ends without it.
        Allow(PaymentService.Descriptor.FullName, [Callers.Order],
            nameof(PaymentService.PaymentServiceBase.SettleOverdueIntent), nameof(PaymentService.PaymentServiceBase.CancelPayment));
        // Money going back by hand (PayOS has no refund API): operators only.
        Allow(PaymentService.Descriptor.FullName, [Callers.Operator],
            nameof(PaymentService.PaymentServiceBase.ListRefunds), nameof(PaymentService.PaymentServiceBase.CompleteRefund));

        Allow(WaitroomService.Descriptor.FullName, [Callers.Event], nameof(WaitroomService.WaitroomServiceBase.OpenWaitroom));
        Allow(WaitroomService.Descriptor.FullName, [Callers.Gateway],
            nameof(WaitroomService.WaitroomServiceBase.Join), nameof(WaitroomService.WaitroomServiceBase.GetPosition),
            nameof(WaitroomService.WaitroomServiceBase.OpenStream), nameof(WaitroomService.WaitroomServiceBase.WatchQueue),
            nameof(WaitroomService.WaitroomServiceBase.RecordPresence), nameof(WaitroomService.WaitroomServiceBase.Leave),
            nameof(WaitroomService.WaitroomServiceBase.GetDraw));
        Allow(WaitroomService.Descriptor.FullName, [Callers.Operator], nameof(WaitroomService.WaitroomServiceBase.AdmitNext));
        Allow(WaitroomService.Descriptor.FullName, [Callers.Gateway, Callers.Operator],
            nameof(WaitroomService.WaitroomServiceBase.SetAdmissionPaused), nameof(WaitroomService.WaitroomServiceBase.GetWaitroomState));
        Allow(WaitroomService.Descriptor.FullName, [Callers.Order],
            nameof(WaitroomService.WaitroomServiceBase.ValidateAdmission), nameof(WaitroomService.WaitroomServiceBase.CompleteAdmission));
        Allow(WaitroomService.Descriptor.FullName, [Callers.Cleanup], nameof(WaitroomService.WaitroomServiceBase.PurgeInactive));
    }

    /// <summary>True for calls anyone may make without an identity.</summary>
    public static bool IsOpen(string method) => method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal);

    /// <param name="method">The gRPC method path, "/package.Service/Method".</param>
    public static bool Allows(string method, string caller) => Allowed.TryGetValue(method, out var callers) && callers.Contains(caller);

    /// <summary>Who may call <paramref name="method"/>: the first is the one tests and tools act as.</summary>
    public static IReadOnlyCollection<string> CallersOf(string method) => Allowed.TryGetValue(method, out var callers) ? callers : [];

    /// <summary>Every listed method, for tests that check the table against the contracts.</summary>
    public static IReadOnlyCollection<string> Methods => Allowed.Keys;

    /// <summary>The audience a token for <paramref name="method"/> must name: its service, "package.Service".</summary>
    public static string ServiceOf(string method) => method.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];

    private static void Allow(string service, string[] callers, params string[] methods)
    {
        foreach (var method in methods)
        {
            Allowed.Add($"/{service}/{method}", [.. callers]);
        }
    }
}
