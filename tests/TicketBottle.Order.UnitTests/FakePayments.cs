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

    public override AsyncUnaryCall<PaymentIntent> CreatePaymentIntentAsync(CreatePaymentIntentRequest request, CallOptions options) =>
        FakeCalls.Unary(() =>
        {
            IntentCalls++;
            if (!_intents.TryGetValue(request.OrderId, out var intent))
            {
                intent = new PaymentIntent
                {
                    PaymentId = Guid.NewGuid().ToString(), OrderId = request.OrderId, AmountVnd = request.AmountVnd, Provider = request.Provider,
                    ProviderOrderRef = (100_000 + _intents.Count).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Status = PaymentStatus.Pending, ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow() + IntentLifetime),
                };
                _intents[request.OrderId] = intent;
            }

            return intent;
        });
}
