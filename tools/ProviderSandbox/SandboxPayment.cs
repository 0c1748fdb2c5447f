namespace TicketBottle.ProviderSandbox;

/// <summary>One payment the sandbox took: PayOS reference or ZaloPay zp_trans_id.</summary>
public sealed record SandboxPayment(string TransactionId, long AmountVnd, DateTimeOffset PaidAt);
