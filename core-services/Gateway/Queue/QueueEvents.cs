using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using TicketBottle.Gateway.Api;

namespace TicketBottle.Gateway.Queue;

/// <summary>
/// The server-sent events of a queue stream, written straight into the response. A position update is the hot path
/// (every stream, as the queue moves): it is written from bytes prepared once per stream, with no allocation
/// per message. The rare events (admitted, replaced, removed) go through the JSON serializer.
/// </summary>
public static class QueueEvents
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>Everything of a position event before the position itself: fixed for the stream's life.</summary>
    public static byte[] PositionPrefix(string eventId, long ticket) =>
        Encoding.UTF8.GetBytes($"event: position\ndata: {{\"eventId\":{JsonSerializer.Serialize(eventId)},\"state\":\"waiting\",\"ticket\":{ticket},\"position\":");

    /// <summary>The same JSON as <see cref="QueueStatusDto"/> serialized, for a waiting customer.</summary>
    public static void WritePosition(PipeWriter writer, byte[] prefix, long position, long queueLength)
    {
        ReadOnlySpan<byte> between = ",\"queueLength\":"u8;
        ReadOnlySpan<byte> end = ",\"admissionToken\":null,\"admissionExpiresAt\":null,\"drawEntry\":null,\"drawAt\":null}\n\n"u8;
        var span = writer.GetSpan(prefix.Length + between.Length + end.Length + 40);
        prefix.CopyTo(span);
        var written = prefix.Length;
        Utf8Formatter.TryFormat(position, span[written..], out var digits);
        written += digits;
        between.CopyTo(span[written..]);
        written += between.Length;
        Utf8Formatter.TryFormat(queueLength, span[written..], out digits);
        written += digits;
        end.CopyTo(span[written..]);
        writer.Advance(written + end.Length);
    }

    public static void WriteKeepAlive(PipeWriter writer) => writer.Write(KeepAlive);

    /// <summary>Asks the client to reconnect after <paramref name="wait"/> (EventSource's "retry:" field).</summary>
    public static void WriteRetry(PipeWriter writer, TimeSpan wait) =>
        writer.Write(Encoding.UTF8.GetBytes($"retry: {(long)wait.TotalMilliseconds}\n\n"));

    public static void WriteEvent(PipeWriter writer, string eventType, QueueStatusDto status)
    {
        writer.Write(Encoding.UTF8.GetBytes($"event: {eventType}\ndata: "));
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, status, JsonSerializerOptions.Web);
        }

        writer.Write("\n\n"u8);
    }
}
