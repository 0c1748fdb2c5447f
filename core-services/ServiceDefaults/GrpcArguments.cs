using Grpc.Core;

namespace TicketBottle.ServiceDefaults;

/// <summary>Request validation for gRPC handlers: a bad argument is INVALID_ARGUMENT with the reason, in every service.</summary>
public static class GrpcArguments
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw Invalid(message);
        }
    }

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
