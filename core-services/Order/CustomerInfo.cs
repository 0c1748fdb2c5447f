namespace TicketBottle.Order;

public sealed record CustomerInfo(string CustomerId, string Email, string FullName);
