using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using TicketBottle.Contracts;

namespace TicketBottle.Gateway;

/// <summary>Answers a failed core-service call with the HTTP status and problem document its gRPC status stands for.</summary>
public sealed class GrpcStatusMapping(IProblemDetailsService problems, ILogger<GrpcStatusMapping> logger) : IExceptionHandler
{
    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.FailedPrecondition or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.Cancelled => 499,
        _ => StatusCodes.Status502BadGateway,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RpcException rpc)
        {
            return false;
        }

        var status = HttpStatus(rpc.StatusCode);
        // Client errors carry the service's own explanation; server-side failures don't leak internals.
        var detail = status < 500 ? rpc.Status.Detail : "A backend service did not answer in time; please retry.";
        if (status >= 500)
        {
            logger.LogWarning("{Method} {Path} failed: gRPC {GrpcStatus} {GrpcDetail}", httpContext.Request.Method,
                httpContext.Request.Path, rpc.StatusCode, rpc.Status.Detail);
        }

        httpContext.Response.StatusCode = status;
        if (rpc.Trailers.GetValue(RefusalTrailers.RetryAfterSeconds) is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = retryAfter;
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        var problem = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail, Extensions = { ["grpcStatus"] = rpc.StatusCode.ToString() } },
        };
        if (rpc.Trailers.GetValue(RefusalTrailers.OpenOrderId) is { } openOrderId)
        {
            // The customer's way forward: pay (or look at) the purchase that is still open.
            problem.ProblemDetails.Extensions["openOrderId"] = openOrderId;
        }

        return await problems.TryWriteAsync(problem);
    }
}
