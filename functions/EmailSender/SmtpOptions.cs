namespace TicketBottle.Functions.EmailSender;

/// <summary>SES's SMTP interface in AWS (email-smtp.&lt;region&gt;.amazonaws.com:587, STARTTLS); any SMTP server locally.</summary>
public sealed record SmtpOptions
{
    public required string Host { get; init; }
    public int Port { get; init; } = 587;
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public required string FromAddress { get; init; }
    public string FromName { get; init; } = "TicketBottle";
}
