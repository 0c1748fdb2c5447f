namespace TicketBottle.Inventory;

public enum InventoryErrorKind { InvalidArgument, NotFound, Unavailable }
