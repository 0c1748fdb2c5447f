namespace TicketBottle.Contracts;

/// <summary>Trailer keys the Order service adds to a refusal so the edge can tell the customer what to do next.</summary>
public static class OrderTrailers
{
    /// <summary>On ALREADY_EXISTS from PlaceOrder: the customer's purchase that is still open for the event.</summary>
    public const string OpenOrderId = "open-order-id";
}
