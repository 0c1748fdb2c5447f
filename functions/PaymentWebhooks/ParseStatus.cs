using System.Globalization;
using System.Text.Json;
using TicketBottle.Contracts.Payment.V1;

namespace TicketBottle.Functions.PaymentWebhooks;

public enum ParseStatus { Ok, Malformed, BadSignature, WrongApp }
