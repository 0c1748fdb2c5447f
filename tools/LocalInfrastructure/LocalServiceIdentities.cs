using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using TicketBottle.ServiceIdentity;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// A key pair per caller identity for everything on this machine: generated once per process (tests), or kept in the
/// data directory (./run.sh, so `./run.sh invoke` in another process signs with the keys the running services trust).
/// In AWS each workload's key comes from Secrets Manager. Services started locally trust all of them and let the
/// caller policy decide.
/// </summary>
public static class LocalServiceIdentities
{
    private static string? _directory;
    private static readonly Lazy<IReadOnlyDictionary<string, ECDsa>> Keys = new(() => Callers.All.ToDictionary(name => name, Load));

    /// <summary>Keeps the keys under <paramref name="dataDirectory"/>; call before any key is used.</summary>
    public static void KeepIn(string dataDirectory)
    {
        if (Keys.IsValueCreated)
        {
            throw new InvalidOperationException("Service identity keys were already generated in memory.");
        }

        _directory = Path.Combine(dataDirectory, "service-identity");
    }

    private static ECDsa Load(string caller) =>
        LocalKeyFile.LoadOrCreateP256(_directory is null ? null : Path.Combine(_directory, $"{caller}.pem"));

    public static string PrivateKeyPem(string caller) => Keys.Value[caller].ExportPkcs8PrivateKeyPem();

    public static string PublicKeyPem(string caller) => Keys.Value[caller].ExportSubjectPublicKeyInfoPem();

    /// <summary>The service accepts every local caller identity (ServiceIdentity:Callers).</summary>
    public static ServiceConfiguration TrustLocalCallers(this ServiceConfiguration configuration)
    {
        foreach (var caller in Callers.All)
        {
            configuration.Set($"{ServiceIdentityOptions.SectionName}:{nameof(ServiceIdentityOptions.Callers)}:{caller}", PublicKeyPem(caller));
        }

        return configuration;
    }

    /// <summary>The service calls others as <paramref name="caller"/>.</summary>
    public static ServiceConfiguration CallingAs(this ServiceConfiguration configuration, string caller) => configuration
        .Set($"{ServiceIdentityOptions.SectionName}:{nameof(ServiceIdentityOptions.Name)}", caller)
        .Set($"{ServiceIdentityOptions.SectionName}:{nameof(ServiceIdentityOptions.PrivateKeyPem)}", PrivateKeyPem(caller));

    public static ServiceTokenIssuer Issuer(string caller) => new(caller, PrivateKeyPem(caller));

    /// <summary>Calls made as <paramref name="caller"/>, whatever the method.</summary>
    public static CallInvoker As(this ChannelBase channel, string caller) => channel.Intercept(new ServiceIdentityInterceptor(Issuer(caller)));

    /// <summary>
    /// Calls made as whichever workload the caller policy lets make each one (tests and tools that exercise a service
    /// directly); the security tests call as the wrong one on purpose with <see cref="As"/>.
    /// </summary>
    public static CallInvoker AsPermittedCaller(this ChannelBase channel) => channel.Intercept(new PermittedCallerInterceptor());

    private sealed class PermittedCallerInterceptor : Interceptor
    {
        private static readonly Lazy<IReadOnlyDictionary<string, ServiceIdentityInterceptor>> ByCaller = new(() =>
            Callers.All.ToDictionary(c => c, c => new ServiceIdentityInterceptor(Issuer(c))));

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            For(context.Method.FullName).AsyncUnaryCall(request, context, continuation);

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
            BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            For(context.Method.FullName).BlockingUnaryCall(request, context, continuation);

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            For(context.Method.FullName).AsyncServerStreamingCall(request, context, continuation);

        private static ServiceIdentityInterceptor For(string method) =>
            ByCaller.Value[CallerPolicy.CallersOf(method).FirstOrDefault() ?? Callers.Operator];
    }
}
