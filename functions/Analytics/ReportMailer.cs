using System.Globalization;
using MimeKit;
using TicketBottle.Contracts.Event.V1;
using TicketBottle.Contracts.Inventory.V1;
using TicketBottle.Functions.Common;

namespace TicketBottle.Functions.Analytics;

/// <summary>The organizer's daily mail: the figures at a glance and the link to the day's CSV.</summary>
public sealed class ReportMailer(SmtpOptions options)
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public Task<string> SendAsync(string to, Event e, DateOnly day, Availability availability, string link, TimeSpan linkLifetime,
        CancellationToken cancellationToken) =>
        SmtpMailer.SendAsync(options, Compose(to, e, day, availability, link, linkLifetime), cancellationToken);

    public MimeMessage Compose(string to, Event e, DateOnly day, Availability availability, string link, TimeSpan linkLifetime)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Báo cáo bán vé / Sales report: {e.Name} ({day:yyyy-MM-dd})";
        // Stable per event and day, so a receiving server can recognise a rare duplicate.
        message.MessageId = $"sales-{e.EventId}-{day:yyyyMMdd}@ticketbottle";
        var sold = availability.Sections.Sum(s => s.Sold);
        var capacity = availability.Sections.Sum(s => s.Capacity);
        var orders = string.Join(", ", availability.HoldCounts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key.ToLowerInvariant()} {c.Value}"));
        message.Body = new BodyBuilder
        {
            TextBody = $"""
                {e.Name} — {day:yyyy-MM-dd}

                Đã bán / Sold: {sold.ToString("N0", Vietnamese)} / {capacity.ToString("N0", Vietnamese)}
                Doanh thu / Revenue: {SalesReport.Revenue(availability).ToString("N0", Vietnamese)} VND
                Đơn hàng có ghế / Orders with seats (by hold state): {orders}

                CSV (theo khu / per section), link có hiệu lực {linkLifetime.TotalDays:0} ngày / valid for {linkLifetime.TotalDays:0} days:
                {link}

                TicketBottle
                """,
        }.ToMessageBody();
        return message;
    }
}
