using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TicketBottle.ServiceDefaults;

/// <summary>
/// Turns what escapes a handler into a gRPC status a client can act on, and logs it once with the method name.
/// RpcExceptions thrown on purpose pass through untouched.
/// </summary>
public sealed class UnhandledExceptionInterceptor(
    ILogger<UnhandledExceptionInterceptor> logger, IEnumerable<ITransientFailureClassifier> classifiers) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    private RpcException Translate(Exception ex, ServerCallContext context)
    {
        if (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        // A query timeout or an exhausted pool is a transient condition the caller may retry.
        if (ex is NpgsqlException { IsTransient: true } or TimeoutException or HttpRequestException
            || classifiers.Any(c => c.IsTransient(ex)))
        {
            logger.LogWarning(ex, "Transient failure in {GrpcMethod}", context.Method);
            return new RpcException(new Status(StatusCode.Unavailable, "Temporarily unavailable, retry."));
        }

        logger.LogError(ex, "Unhandled failure in {GrpcMethod}", context.Method);
        return new RpcException(new Status(StatusCode.Internal, "Internal error."));
    }
}
