using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace TicketBottle.ServiceDefaults;

/// <summary>Every unary call gets the configured deadline unless it set one; streams are long-lived and exempt.</summary>
public sealed class DeadlineInterceptor(IOptions<ServiceAddresses> options) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (context.Options.Deadline is null)
        {
            context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host,
                context.Options.WithDeadline(DateTime.UtcNow + options.Value.CallTimeout));
        }

        return continuation(request, context);
    }
}
