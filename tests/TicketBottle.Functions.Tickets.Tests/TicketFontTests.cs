using PdfSharp.Drawing;
using PdfSharp.Pdf;
using TicketBottle.Testing;

namespace TicketBottle.Functions.Tickets.Tests;

/// <summary>
/// Vietnamese letters whose glyph is built from parts that are themselves built from parts ("ộ" = "ọ" + circumflex,
/// "ọ" = "o" + dot below) print whole. PDFsharp 6.2.4 resolved such parts one level deep when it subset the font, so
/// the bold title showed "N" and loose marks for "Nội" unless a plain bold "o" happened to be printed somewhere.
/// </summary>
public sealed class TicketFontTests
{
    [Theory]
    [InlineData("Nội", "o")]
    [InlineData("Đêm nhạc Hà Nội Mùa Thu", "o")]
    [InlineData("Quốc Việt Tường", "oe")]
    public async Task A_bold_letter_made_of_nested_parts_prints_the_same_whether_or_not_its_base_letter_is_printed_elsewhere(
        string title, string baseLetters)
    {
        var alone = await InkAsync(title, elsewhere: null);
        var withBase = await InkAsync(title, elsewhere: baseLetters);

        // Same glyphs, same place: the same ink, to a pixel or two of antialiasing.
        Assert.InRange(alone, withBase - 3, withBase + 3);
    }

    /// <summary>Dark pixels in the band where the title is drawn (the base letters go far below it).</summary>
    private static async Task<int> InkAsync(string title, string? elsewhere)
    {
        EmbeddedFontResolver.Install();
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var bold = new XFont(EmbeddedFontResolver.Family, 28, XFontStyleEx.Bold);
            graphics.DrawString(title, bold, XBrushes.Black, new XPoint(40, 80));
            if (elsewhere is not null)
            {
                graphics.DrawString(elsewhere, bold, XBrushes.Black, new XPoint(40, 600));
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        var (pixels, width, _) = (await PdfInspection.PagesAsync(stream.ToArray(), 100)).Single();
        // 100 dpi: the title's band (points 30–100) is rows ~42–139.
        return pixels.Skip(40 * width).Take(100 * width).Count(p => p < 128);
    }
}
