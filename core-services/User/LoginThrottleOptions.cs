namespace TicketBottle.User;

/// <summary>
/// Per (e-mail, client address): the first <see cref="FreeAttempts"/> failed attempts are free, then each further one
/// waits twice as long as the last (<see cref="FirstDelay"/>, doubling, at most <see cref="MaxDelay"/>). Failures older
/// than <see cref="Window"/> are forgotten; a successful login forgets them at once.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "LoginThrottle";

    public int FreeAttempts { get; set; } = 5;
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
