namespace TicketBottle.Inventory;

public sealed record SweepResult(int HoldsReleased, int SeatsReleased);
