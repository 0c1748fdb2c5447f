using System.Globalization;
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.EmailSender;

/// <summary>The order confirmation: text and HTML bodies, the tickets PDF attached, and the download link.</summary>
public sealed class ConfirmationMailer(SmtpOptions options)
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public async Task<string> SendAsync(Order order, byte[] ticketsPdf, string downloadUrl, CancellationToken cancellationToken)
    {
        var message = Compose(order, ticketsPdf, downloadUrl);
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

    public MimeMessage Compose(Order order, byte[] ticketsPdf, string downloadUrl)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(order.Customer.FullName, order.Customer.Email));
        message.Subject = $"Vé của bạn / Your tickets: {order.Event.Name}";
        // Stable per order, so a receiving server can recognise a rare duplicate.
        message.MessageId = $"order-{order.OrderId}@ticketbottle";

        var seats = order.Tickets.Select(t => $"{t.SectionName} · {t.Row} · {t.SeatNumber}").ToList();
        var total = $"{order.TotalVnd.ToString("N0", Vietnamese)} VND";
        var builder = new BodyBuilder
        {
            TextBody = $"""
                Xin chào {order.Customer.FullName},

                Your order {order.OrderId} for {order.Event.Name} at {order.Event.VenueName} is confirmed.
                Seats: {string.Join("; ", seats)}
                Total: {total}

                Your tickets are attached. Download them again: {downloadUrl}
                """,
            HtmlBody = $"""
                <p>Xin chào {WebUtility.HtmlEncode(order.Customer.FullName)},</p>
                <p>Your order <b>{WebUtility.HtmlEncode(order.OrderId)}</b> for <b>{WebUtility.HtmlEncode(order.Event.Name)}</b>
                at {WebUtility.HtmlEncode(order.Event.VenueName)} is confirmed.</p>
                <ul>{string.Concat(seats.Select(s => $"<li>{WebUtility.HtmlEncode(s)}</li>"))}</ul>
                <p>Total: {total}</p>
                <p>Your tickets are attached. <a href="{WebUtility.HtmlEncode(downloadUrl)}">Download them again</a>.</p>
                """,
        };
        builder.Attachments.Add($"tickets-{order.OrderId}.pdf", ticketsPdf, new ContentType("application", "pdf"));
        message.Body = builder.ToMessageBody();
        return message;
    }
}
