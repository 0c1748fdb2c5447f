namespace TicketBottle.Order;

public enum OrderStatus { Pending, AwaitingPayment, Confirmed, Cancelled, Expired }
