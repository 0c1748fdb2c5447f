namespace TicketBottle.Payment;

public sealed class OutboxRelayException(int publishedBeforeFailure, Exception inner)
    : Exception($"Outbox publish failed after {publishedBeforeFailure} events: {inner.Message}", inner);
