using Grpc.Core;
using TicketBottle.Payment.Providers;

namespace TicketBottle.Payment;

/// <summary>The providers by <see cref="ProviderNames"/> name (keyed registrations, <see cref="PaymentProvidersRegistration"/>).</summary>
public sealed class ProviderRegistry(IServiceProvider services)
{
    public IPaymentProvider Get(string name) =>
        services.GetKeyedService<IPaymentProvider>(name)
        ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Payment provider {name} is not configured."));
}
