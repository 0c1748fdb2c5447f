namespace TicketBottle.Gateway.Queue;

/// <summary>What woke a queue stream; several can arrive together and are handled most important first.</summary>
[Flags]
public enum WatcherSignals
{
    None = 0,
    /// <summary>The position changed by enough to write at once, or a move held back has its turn (<see cref="PositionPacing"/>).</summary>
    Moved = 1,
    /// <summary>Nothing to say, but say it: dead connections surface.</summary>
    Heartbeat = 2,
    /// <summary>The customer left the queue (admitted, left or purged): ask the Waitroom which.</summary>
    Check = 4,
    /// <summary>The customer opened another stream for the event; this one ends.</summary>
    Replaced = 8,
}
