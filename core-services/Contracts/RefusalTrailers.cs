namespace TicketBottle.Contracts;

/// <summary>Trailer keys a service adds to a refusal so the edge can tell the customer what to do next.</summary>
public static class RefusalTrailers
{
    /// <summary>On ALREADY_EXISTS from PlaceOrder: the customer's purchase that is still open for the event.</summary>
    public const string OpenOrderId = "open-order-id";

    /// <summary>On RESOURCE_EXHAUSTED: when trying again can succeed (the Gateway's Retry-After).</summary>
    public const string RetryAfterSeconds = "retry-after-seconds";
}
