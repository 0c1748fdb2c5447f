using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace TicketBottle.Functions.Common;

/// <summary>One message through SES's SMTP interface (or the local SMTP server); answers its Message-ID.</summary>
public static class SmtpMailer
{
    public static async Task<string> SendAsync(SmtpOptions options, MimeMessage message, CancellationToken cancellationToken)
    {
        using var smtp = new SmtpClient();
        var security = options.Security switch
        {
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await smtp.ConnectAsync(options.Host, options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.Username))
        {
            await smtp.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        // MailKit swallows a failed QUIT: once SendAsync returned, the server has the message (EmailSenderTests).
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        return message.MessageId!;
    }
}
