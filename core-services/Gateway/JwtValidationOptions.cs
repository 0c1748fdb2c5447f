namespace TicketBottle.Gateway;

/// <summary>Must match the User service's Jwt section: the Gateway validates its tokens offline.</summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Jwt";

    public string Issuer { get; set; } = "ticketbottle";
    public string Audience { get; set; } = "ticketbottle-api";
    public string SigningKey { get; set; } = "";
}
