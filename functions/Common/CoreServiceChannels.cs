using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using TicketBottle.ServiceIdentity;

namespace TicketBottle.Functions.Common;

/// <summary>Channels to the core services (through the internal NLB) whose every call carries this function's identity.</summary>
public sealed class CoreServiceChannels(string identity, string privateKeyPem)
{
    /// <summary>The function's P-256 private key (PEM); template.yaml resolves it from Secrets Manager.</summary>
    public const string KeyVariable = "SERVICE_IDENTITY_KEY";

    private readonly ServiceIdentityInterceptor _identity = new(new ServiceTokenIssuer(identity, privateKeyPem));

    public CallInvoker For(string url) => GrpcChannel.ForAddress(url).Intercept(_identity);
}
