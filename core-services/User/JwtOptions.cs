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
