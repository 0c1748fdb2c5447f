namespace TicketBottle.Gateway.Queue;

/// <summary>Where a ticket stands in a queue snapshot.</summary>
public enum TicketPlace
{
    /// <summary>Still queued; the position is known.</summary>
    Queued,
    /// <summary>Handed out before the snapshot and no longer queued: admitted, left or purged.</summary>
    Gone,
    /// <summary>Handed out after the snapshot was read; its position comes with a later one.</summary>
    Newer,
}
