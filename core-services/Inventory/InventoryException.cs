namespace TicketBottle.Inventory;

/// <summary>A request the inventory refuses, with a message meant for the caller.</summary>
public sealed class InventoryException(InventoryErrorKind kind, string message) : Exception(message)
{
    public InventoryErrorKind Kind { get; } = kind;
}
