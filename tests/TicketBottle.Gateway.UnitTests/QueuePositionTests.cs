using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Text.Json;
using TicketBottle.Contracts.Waitroom.V1;
using TicketBottle.Gateway.Api;
using TicketBottle.Gateway.Queue;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>A customer's place read from a queue snapshot, and the position event written without the serializer.</summary>
public sealed class QueuePositionTests
{
    // Tickets 3–7, 9 and 12–13 queued; 1, 2 admitted, 8, 10, 11 left; 14 handed out last.
    private static readonly QueuePositions Positions = QueuePositions.From(new QueueSnapshot
    {
        RunStarts = { 3, 9, 12 }, RunLengths = { 5, 1, 2 }, QueueLength = 8, LastTicket = 14,
    });

    [Theory]
    [InlineData(3, 0)]
    [InlineData(7, 4)]
    [InlineData(9, 5)]
    [InlineData(12, 6)]
    [InlineData(13, 7)]
    public void A_queued_ticket_counts_every_queued_ticket_below_it(long ticket, long position)
    {
        Assert.Equal(TicketPlace.Queued, Positions.Locate(ticket, out var found));
        Assert.Equal(position, found);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(14)]
    public void A_ticket_up_to_the_last_one_handed_out_that_is_in_no_run_has_left(long ticket) =>
        Assert.Equal(TicketPlace.Gone, Positions.Locate(ticket, out _));

    [Fact]
    public void A_ticket_newer_than_the_snapshot_waits_for_the_next_one()
    {
        Assert.Equal(TicketPlace.Newer, Positions.Locate(15, out _));
        Assert.Equal(TicketPlace.Gone, QueuePositions.From(new QueueSnapshot { LastTicket = 4 }).Locate(4, out _));
    }

    [Fact]
    public async Task The_hand_written_position_event_is_the_serializers_json_and_keep_alives_between_events_are_skipped()
    {
        var pipe = new Pipe();
        var prefix = QueueEvents.PositionPrefix("evt-1", 12);
        QueueEvents.WritePosition(pipe.Writer, prefix, 6, 8);
        QueueEvents.WriteKeepAlive(pipe.Writer);
        QueueEvents.WritePosition(pipe.Writer, prefix, 0, 1_234_567_890_123);
        await pipe.Writer.CompleteAsync();

        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(pipe.Reader.AsStream()).EnumerateAsync())
        {
            items.Add(item);
        }

        Assert.Equal(["position", "position"], items.Select(i => i.EventType));
        Assert.Equal(JsonSerializer.Serialize(new QueueStatusDto("evt-1", "waiting", 12, 6, 8, null, null), JsonSerializerOptions.Web), items[0].Data);
        Assert.Equal(new QueueStatusDto("evt-1", "waiting", 12, 0, 1_234_567_890_123, null, null),
            JsonSerializer.Deserialize<QueueStatusDto>(items[1].Data, JsonSerializerOptions.Web));
    }
}
