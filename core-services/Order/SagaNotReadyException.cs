namespace TicketBottle.Order;

/// <summary>A step can't run yet (the order is mid-placement); the caller retries later.</summary>
public sealed class SagaNotReadyException(string message) : Exception(message);
