using TicketBottle.Functions.Common;
using System.Globalization;
using System.Net;
using MimeKit;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.EmailSender;

/// <summary>The order confirmation: text and HTML bodies, the tickets PDF attached, and the download link.</summary>
public sealed class ConfirmationMailer(SmtpOptions options)
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public Task<string> SendAsync(Order order, byte[] ticketsPdf, string downloadUrl, CancellationToken cancellationToken) =>
        SmtpMailer.SendAsync(options, Compose(order, ticketsPdf, downloadUrl), cancellationToken);

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
