namespace TicketBottle.User;

public sealed class LoginThrottleOptions
{
    public const string SectionName = "LoginThrottle";

    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
