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

        return Unary(response);
    }

    /// <summary>A call whose answer is <paramref name="response"/>, e.g. one that completes later (a busy service).</summary>
    public static AsyncUnaryCall<T> Unary<T>(Task<T> response) =>
        new(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

    public static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));
}
