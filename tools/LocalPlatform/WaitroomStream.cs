using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace TicketBottle.LocalPlatform;

/// <summary>The client side of the Gateway's waitroom stream (server-sent events), for the demo, tests and the load test.</summary>
public static class WaitroomStream
{
    /// <summary>Reads until the "admitted" event and returns its status; each "position" event on the way goes to <paramref name="onPosition"/>.</summary>
    public static async Task<JsonNode> ReadUntilAdmittedAsync(Stream stream, Action<JsonNode>? onPosition = null,
        CancellationToken cancellationToken = default)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            var status = JsonNode.Parse(item.Data)!;
            if (item.EventType == "admitted")
            {
                return status;
            }

            onPosition?.Invoke(status);
        }

        throw new InvalidOperationException("The waitroom stream ended without an admission.");
    }
}
