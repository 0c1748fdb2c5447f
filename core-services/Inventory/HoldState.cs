namespace TicketBottle.Inventory;

public static class HoldState
{
    public const string Held = "HELD";
    public const string Confirmed = "CONFIRMED";
    public const string Released = "RELEASED";
    public const string Expired = "EXPIRED";
}
