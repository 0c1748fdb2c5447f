using Grpc.Core;

namespace TicketBottle.Testing;

/// <summary>Completed unary calls for fake gRPC clients (unit tier): the answer, or the RpcException the service would have sent.</summary>
public static class FakeCalls
{
    public static AsyncUnaryCall<T> Unary<T>(Func<T> answer)
    {
        Task<T> response;
        try
        {
            response = Task.FromResult(answer());
        }
        catch (RpcException ex)
        {
            response = Task.FromException<T>(ex);
        }

        return new AsyncUnaryCall<T>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));
}
