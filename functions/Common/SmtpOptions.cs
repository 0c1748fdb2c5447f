namespace TicketBottle.Functions.Common;

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

    public static SmtpOptions FromEnvironment() => new()
    {
        Host = FunctionEnvironment.Required("SMTP_HOST"),
        Port = FunctionEnvironment.Integer("SMTP_PORT", 587),
        Security = FunctionEnvironment.Enum("SMTP_SECURITY", SmtpSecurity.StartTls),
        Username = FunctionEnvironment.Optional("SMTP_USERNAME"),
        Password = FunctionEnvironment.Optional("SMTP_PASSWORD"),
        FromAddress = FunctionEnvironment.Required("MAIL_FROM"),
    };
}
