namespace TicketBottle.Messaging;

public static class KafkaTopics
{
    public const string Payments = "ticketbottle.payments";
    public const string Orders = "ticketbottle.orders";
}
