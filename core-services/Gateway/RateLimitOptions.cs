namespace TicketBottle.Gateway;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Per customer (JWT subject), or per IP address before login.</summary>
    public int TokensPerSecond { get; set; } = 20;
    public int Burst { get; set; } = 40;
    /// <summary>Register and login, per IP address: slows password guessing on top of the User service's lock-out.</summary>
    public int AuthPerMinute { get; set; } = 20;
    /// <summary>
    /// Requests this pod works on at once per line (queue streams not counted: they wait, they do not work; orders have
    /// a line of their own); more wait in line up to <see cref="MaxQueuedRequests"/>, beyond that a quick 503 with a
    /// Retry-After paced by <see cref="RetryPacing"/>.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 128;
    public int MaxQueuedRequests { get; set; } = 256;
}
