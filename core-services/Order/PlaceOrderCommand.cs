namespace TicketBottle.Order;

public sealed record PlaceOrderCommand(
    string IdempotencyKey, CustomerInfo Customer, string EventId, string AdmissionToken, SeatRequest Seats, string Provider);
