namespace TicketBottle.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public string UserUrl { get; set; } = "";
    public string EventUrl { get; set; } = "";
    public string InventoryUrl { get; set; } = "";
    public string WaitroomUrl { get; set; } = "";
    public string OrderUrl { get; set; } = "";
    /// <summary>Public base URL of the ticket PDF route (the PdfGenerator function behind API Gateway).</summary>
    public string TicketsBaseUrl { get; set; } = "";
    /// <summary>Deadline of every unary call to a core service.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Must match the User service's Jwt section: the Gateway validates its tokens offline.</summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Jwt";

    public string Issuer { get; set; } = "ticketbottle";
    public string Audience { get; set; } = "ticketbottle-api";
    public string SigningKey { get; set; } = "";
}

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Per customer (JWT subject), or per IP address before login.</summary>
    public int TokensPerSecond { get; set; } = 20;
    public int Burst { get; set; } = 40;
    /// <summary>Register and login, per IP address: slows password guessing on top of the User service's lock-out.</summary>
    public int AuthPerMinute { get; set; } = 20;
}
