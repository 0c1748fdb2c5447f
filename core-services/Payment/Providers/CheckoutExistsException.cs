using Grpc.Core;

namespace TicketBottle.Payment.Providers;

/// <summary>The provider already has an order under this reference: an earlier attempt created it but its answer was lost.</summary>
public sealed class CheckoutExistsException(string message) : ProviderException(StatusCode.FailedPrecondition, message);
