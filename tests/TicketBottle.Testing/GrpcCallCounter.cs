using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TicketBottle.Testing;

/// <summary>Counts the unary calls a client makes, to prove that rejected input never reaches a downstream service.</summary>
public sealed class GrpcCallCounter : Interceptor
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        Interlocked.Increment(ref _calls);
        return continuation(request, context);
    }
}
