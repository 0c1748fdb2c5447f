namespace TicketBottle.Payment.Providers;

public sealed record RefundProgress(RefundOutcome Outcome, string Detail);
