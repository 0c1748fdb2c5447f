using Grpc.Core;

namespace TicketBottle.Payment.Providers;

/// <summary>
/// The provider refused (<see cref="StatusCode.FailedPrecondition"/>, <see cref="StatusCode.InvalidArgument"/>, with
/// its message) or did not answer in time (<see cref="StatusCode.Unavailable"/>); the gRPC status to answer with.
/// </summary>
public class ProviderException(StatusCode statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public StatusCode StatusCode { get; } = statusCode;
}
