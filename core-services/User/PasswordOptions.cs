namespace TicketBottle.User;

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
