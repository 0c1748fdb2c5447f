using TicketBottle.Functions.Common;
using System.Globalization;
using System.Net;
using MimeKit;
using TicketBottle.Contracts.IntegrationEvents.V1;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.EmailSender;

/// <summary>Tells the customer money they paid went back to them, and why.</summary>
public sealed class RefundMailer(SmtpOptions options)
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public Task<string> SendAsync(Order order, PaymentRefunded refund, string orderUrl, CancellationToken cancellationToken) =>
        SmtpMailer.SendAsync(options, Compose(order, refund, orderUrl), cancellationToken);

    public MimeMessage Compose(Order order, PaymentRefunded refund, string orderUrl)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(order.Customer.FullName, order.Customer.Email));
        message.Subject = $"Hoàn tiền / Refund: {order.Event.Name}";
        // Stable per refund, so a receiving server can recognise a rare duplicate.
        message.MessageId = $"refund-{refund.RefundId}@ticketbottle";

        var amount = $"{refund.AmountVnd.ToString("N0", Vietnamese)} VND";
        var why = refund.Reason switch
        {
            "duplicate_payment" => "the order had already been paid, so your second payment was not needed",
            "late_payment" => "the payment arrived after the time to pay had run out and the seats had been released",
            "amount_mismatch" => "the amount paid did not match the order's total",
            _ => "the order had already ended when the payment arrived",
        };
        message.Body = new BodyBuilder
        {
            TextBody = $"""
                Xin chào {order.Customer.FullName},

                We refunded {amount} for order {order.OrderId} ({order.Event.Name}): {why}.
                Banks usually show it within a few working days. The order: {orderUrl}
                """,
            HtmlBody = $"""
                <p>Xin chào {WebUtility.HtmlEncode(order.Customer.FullName)},</p>
                <p>We refunded <b>{amount}</b> for order <b>{WebUtility.HtmlEncode(order.OrderId)}</b>
                ({WebUtility.HtmlEncode(order.Event.Name)}): {why}.</p>
                <p>Banks usually show it within a few working days. <a href="{WebUtility.HtmlEncode(orderUrl)}">See the order</a>.</p>
                """,
        }.ToMessageBody();
        return message;
    }
}
