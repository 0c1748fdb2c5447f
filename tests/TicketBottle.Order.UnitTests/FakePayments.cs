using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Testing;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Order.UnitTests;

/// <summary>Payment's intents as the saga relies on them: one per order, payable for 15 minutes.</summary>
public sealed class FakePayments(TimeProvider clock) : PaymentService.PaymentServiceClient
{
    public static readonly TimeSpan IntentLifetime = TimeSpan.FromMinutes(15);
    private readonly Dictionary<string, PaymentIntent> _intents = new();

    public int IntentCalls { get; private set; }

    /// <summary>Orders the saga told Payment it ended without their payment.</summary>
    public List<string> Cancelled { get; } = [];

    /// <summary>What CreatePaymentIntent answers instead of an intent (a provider that is down); null: it works.</summary>
    public RpcException? CheckoutFailure { get; set; }

    /// <summary>Marks the order's intent paid, as a callback would.</summary>
    public void Pay(string orderId) => _intents[orderId].Status = PaymentStatus.Succeeded;

    public override AsyncUnaryCall<PaymentIntent> SettleOverdueIntentAsync(SettleOverdueIntentRequest request, CallOptions options) =>
        FakeCalls.Unary(() =>
        {
            var intent = _intents.TryGetValue(request.OrderId, out var found)
                ? found
                : throw new RpcException(new Status(StatusCode.NotFound, "no payment"));
            if (intent.Status == PaymentStatus.Pending && intent.ExpiresAt.ToDateTimeOffset() <= clock.GetUtcNow())
            {
                intent.Status = PaymentStatus.Expired;
            }

            return intent;
        });

    public override AsyncUnaryCall<PaymentIntent> CancelPaymentAsync(CancelPaymentRequest request, CallOptions options) =>
        FakeCalls.Unary(() =>
        {
            Cancelled.Add(request.OrderId);
            return _intents.TryGetValue(request.OrderId, out var intent) ? intent : throw new RpcException(new Status(StatusCode.NotFound, "no payment"));
        });

    public override AsyncUnaryCall<PaymentIntent> CreatePaymentIntentAsync(CreatePaymentIntentRequest request, CallOptions options) =>
        FakeCalls.Unary(() =>
        {
            IntentCalls++;
            if (CheckoutFailure is not null)
            {
                throw CheckoutFailure;
            }

            if (!_intents.TryGetValue(request.OrderId, out var intent))
            {
                intent = new PaymentIntent
                {
                    PaymentId = Guid.NewGuid().ToString(), OrderId = request.OrderId, AmountVnd = request.AmountVnd, Provider = request.Provider,
                    ProviderOrderRef = (100_000 + _intents.Count).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Status = PaymentStatus.Pending, CheckoutUrl = $"https://pay.payos.vn/web/{request.OrderId}", ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow() + IntentLifetime),
                };
                _intents[request.OrderId] = intent;
            }

            return intent;
        });
}
