namespace TicketBottle.User;

public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    public string Issuer { get; set; } = "ticketbottle";
    public string Audience { get; set; } = "ticketbottle-api";
    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8; from Secrets Manager in production.</summary>
    public string SigningKey { get; set; } = "";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class LoginThrottleOptions
{
    public const string SectionName = "LoginThrottle";

    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Argon2id cost (OWASP minimum: 19 MiB, 2 passes, 1 lane) and password length bounds.</summary>
public sealed class PasswordOptions
{
    public const string SectionName = "Passwords";

    public int MinLength { get; set; } = 8;
    public int MaxLength { get; set; } = 128;
    public int MemoryKib { get; set; } = 19_456;
    public int Iterations { get; set; } = 2;
    public int Parallelism { get; set; } = 1;
}
