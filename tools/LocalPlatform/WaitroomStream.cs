using System.Net.ServerSentEvents;
using System.Text.Json;
using TicketBottle.Gateway.Api;

namespace TicketBottle.LocalPlatform;

/// <summary>The client side of the Gateway's waitroom stream (server-sent events), for the demo, tests and the load test.</summary>
public static class WaitroomStream
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Reads until the "admitted" event and returns its status; each "position" event on the way goes to
    /// <paramref name="onPosition"/>. "replaced" and "removed" throw <see cref="InvalidOperationException"/>; a stream that
    /// just ends throws <see cref="EndOfStreamException"/>.
    /// </summary>
    public static async Task<QueueStatusDto> ReadUntilAdmittedAsync(Stream stream, Action<QueueStatusDto>? onPosition = null,
        CancellationToken cancellationToken = default)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            var status = JsonSerializer.Deserialize<QueueStatusDto>(item.Data, Web)!;
            if (item.EventType == "admitted")
            {
                return status;
            }

            if (item.EventType is "replaced" or "removed")
            {
                throw new InvalidOperationException($"The waitroom stream ended: {item.EventType}.");
            }

            onPosition?.Invoke(status);
        }

        // Not a refusal: the server closed the stream (e.g. a pod stopping); a client opens it again and keeps its place.
        throw new EndOfStreamException("The waitroom stream ended without an admission.");
    }
}
