using TicketBottle.Contracts.Tickets;
using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using TicketBottle.Contracts.Order.V1;

namespace TicketBottle.Functions.Tickets;

/// <summary>One PDF per order, one page per ticket, each with a QR code of the ticket's signed token.</summary>
public sealed class TicketPdfRenderer(TicketTokens tokens)
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly XSize PageSize = new(XUnit.FromMillimeter(210).Point, XUnit.FromMillimeter(99).Point);

    static TicketPdfRenderer() => EmbeddedFontResolver.Install();

    public byte[] Render(Order order)
    {
        if (order.Tickets.Count == 0)
        {
            throw new ArgumentException($"Order {order.OrderId} has no tickets; refusing to render an empty PDF.", nameof(order));
        }

        using var document = new PdfDocument();
        document.Info.Title = $"{order.Event.Name} — {order.OrderId}";
        document.Info.Author = "TicketBottle";
        var title = new XFont(EmbeddedFontResolver.Family, 16, XFontStyleEx.Bold);
        var label = new XFont(EmbeddedFontResolver.Family, 8);
        var body = new XFont(EmbeddedFontResolver.Family, 11);
        var seatFont = new XFont(EmbeddedFontResolver.Family, 14, XFontStyleEx.Bold);
        var startsAt = LocalTime(order.Event);

        foreach (var ticket in order.Tickets)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageSize.Width);
            page.Height = XUnit.FromPoint(PageSize.Height);
            using var gfx = XGraphics.FromPdfPage(page);
            double x = 24, y = 28, textWidth = PageSize.Width - 24 - 150;

            gfx.DrawString(order.Event.Name, title, XBrushes.Black, new XRect(x, y, textWidth, 20), XStringFormats.TopLeft);
            y += 26;
            gfx.DrawString($"{order.Event.VenueName} · {order.Event.VenueAddress}", body, XBrushes.Black, new XRect(x, y, textWidth, 14), XStringFormats.TopLeft);
            y += 16;
            gfx.DrawString(startsAt, body, XBrushes.Black, new XRect(x, y, textWidth, 14), XStringFormats.TopLeft);
            y += 26;
            gfx.DrawString("KHU / SECTION   HÀNG / ROW   GHẾ / SEAT", label, XBrushes.Gray, new XRect(x, y, textWidth, 10), XStringFormats.TopLeft);
            y += 12;
            gfx.DrawString($"{ticket.SectionName}   {ticket.Row}   {ticket.SeatNumber}", seatFont, XBrushes.Black, new XRect(x, y, textWidth, 18), XStringFormats.TopLeft);
            y += 26;
            gfx.DrawString($"Người giữ vé / Holder: {order.Customer.FullName}", body, XBrushes.Black, new XRect(x, y, textWidth, 14), XStringFormats.TopLeft);
            y += 16;
            gfx.DrawString($"Giá / Price: {ticket.PriceVnd.ToString("N0", Vietnamese)} VND", body, XBrushes.Black, new XRect(x, y, textWidth, 14), XStringFormats.TopLeft);
            y += 16;
            gfx.DrawString($"Order {order.OrderId} · Ticket {ticket.TicketId}", label, XBrushes.Gray, new XRect(x, y, textWidth, 10), XStringFormats.TopLeft);

            DrawQrCode(gfx, tokens.Sign(new TicketClaims(ticket.TicketId, order.Event.EventId)), new XRect(PageSize.Width - 150, 40, 130, 130));
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>The code's module matrix (quiet zone included) painted as vector squares, sharp at any zoom.</summary>
    private static void DrawQrCode(XGraphics gfx, string payload, XRect area)
    {
        using var code = ScannableQrCode.Encode(payload);
        var modules = code.ModuleMatrix;
        var size = area.Width / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Count; column++)
            {
                if (modules[row][column])
                {
                    // A hair of overlap keeps viewers from drawing seams between neighbouring squares.
                    gfx.DrawRectangle(XBrushes.Black, area.X + column * size, area.Y + row * size, size + 0.05, size + 0.05);
                }
            }
        }
    }

    /// <summary>The start in the venue's own time zone, as the customer reads it at the door.</summary>
    private static string LocalTime(EventSnapshot snapshot)
    {
        var utc = snapshot.StartsAt.ToDateTimeOffset();
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(snapshot.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return $"{local.ToString("dddd, dd/MM/yyyy HH:mm", Vietnamese)} (GMT{local:zzz})";
    }
}
