using TicketBottle.Contracts.Waitroom.V1;

namespace TicketBottle.Gateway.Queue;

/// <summary>
/// A queue snapshot as positions are read from it: the runs of consecutive tickets and how many tickets come before
/// each run, so a customer's position is one binary search over the runs.
/// </summary>
public sealed class QueuePositions
{
    private readonly long[] _starts;
    private readonly long[] _lengths;
    private readonly long[] _before;

    private QueuePositions(long[] starts, long[] lengths, long queueLength, long lastTicket)
    {
        _starts = starts;
        _lengths = lengths;
        _before = new long[starts.Length];
        for (var i = 1; i < starts.Length; i++)
        {
            _before[i] = _before[i - 1] + lengths[i - 1];
        }

        QueueLength = queueLength;
        LastTicket = lastTicket;
    }

    public long QueueLength { get; }
    public long LastTicket { get; }

    public static QueuePositions From(QueueSnapshot snapshot)
    {
        if (snapshot.RunStarts.Count != snapshot.RunLengths.Count)
        {
            throw new ArgumentException("A snapshot has one length per run start.", nameof(snapshot));
        }

        return new QueuePositions([.. snapshot.RunStarts], [.. snapshot.RunLengths], snapshot.QueueLength, snapshot.LastTicket);
    }

    /// <summary>The ticket's place and, when queued, how many customers are ahead of it.</summary>
    public TicketPlace Locate(long ticket, out long position)
    {
        position = 0;
        // The last run starting at or before the ticket.
        var index = Array.BinarySearch(_starts, ticket);
        if (index < 0)
        {
            index = ~index - 1;
        }

        if (index >= 0 && ticket < _starts[index] + _lengths[index])
        {
            position = _before[index] + (ticket - _starts[index]);
            return TicketPlace.Queued;
        }

        return ticket <= LastTicket ? TicketPlace.Gone : TicketPlace.Newer;
    }
}
