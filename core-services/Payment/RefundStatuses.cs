namespace TicketBottle.Payment;

public static class RefundStatuses
{
    public const string Pending = "PENDING";
    public const string Submitted = "SUBMITTED";
    public const string Manual = "MANUAL";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
}
