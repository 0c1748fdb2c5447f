namespace TicketBottle.Payment.Providers;

public enum RefundOutcome
{
    Processing,
    Succeeded,
    Failed,
}
