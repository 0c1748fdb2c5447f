namespace TicketBottle.Functions.PaymentWebhooks;

public enum ParseStatus { Ok, Malformed, BadSignature, WrongApp }
