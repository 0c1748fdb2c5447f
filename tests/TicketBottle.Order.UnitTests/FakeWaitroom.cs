using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketBottle.Testing;
using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Order.UnitTests;

/// <summary>The Waitroom's admission check: a token names the customer it was issued to (see <see cref="TokenFor"/>).</summary>
public sealed class FakeWaitroom : WaitroomService.WaitroomServiceClient
{
    public int CompletedAdmissions { get; private set; }

    public static string TokenFor(string customerId) => $"admission-of-{customerId}";

    /// <summary>When set, admission checks answer only once this has completed.</summary>
    public Task? AnswersAfter { get; set; }

    public override AsyncUnaryCall<ValidateAdmissionResponse> ValidateAdmissionAsync(ValidateAdmissionRequest request, CallOptions options)
    {
        var answer = FakeCalls.Unary(() => request.AdmissionToken.StartsWith("admission-of-", StringComparison.Ordinal)
            ? new ValidateAdmissionResponse
            {
                EventId = request.EventId, CustomerId = request.AdmissionToken["admission-of-".Length..],
                ExpiresAt = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(10)),
            }
            : throw FakeCalls.Error(StatusCode.Unauthenticated, "Invalid admission token."));
        return AnswersAfter is not { } after ? answer : FakeCalls.Unary(Later(after, answer.ResponseAsync));
    }

    private static async Task<T> Later<T>(Task after, Task<T> answer)
    {
        await after;
        return await answer;
    }

    public override AsyncUnaryCall<CompleteAdmissionResponse> CompleteAdmissionAsync(CustomerRef request, CallOptions options) =>
        FakeCalls.Unary(() =>
        {
            CompletedAdmissions++;
            return new CompleteAdmissionResponse { Completed = true };
        });
}
