namespace TicketBottle.Functions.PaymentWebhooks;

public sealed record ParseResult(ParseStatus Status, string Detail, VerifiedCallback? Callback = null)
{
    public static ParseResult Malformed(string detail) => new(ParseStatus.Malformed, detail);
}
