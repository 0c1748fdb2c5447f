using TicketBottle.LocalInfrastructure;
using ZXing;
using ZXing.Common;

namespace TicketBottle.Testing;

/// <summary>Reads a PDF the way a person or a gate scanner would: poppler's text extraction and page rasteriser, ZXing.</summary>
public static class PdfInspection
{
    public static Task<string> TextAsync(byte[] pdf) =>
        WithFileAsync(pdf, file => ProcessRunner.RunAsync("pdftotext", ["-layout", file, "-"], TimeSpan.FromSeconds(60)));

    /// <summary>Rasterises each page to 8-bit grey (PGM) at 300 dpi, a phone camera's view, and decodes the QR code on it.</summary>
    public static async Task<List<string>> QrCodesAsync(byte[] pdf)
    {
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        // ZXing's finder-pattern search misses a code now and then at one scale; a second rendering decides.
        string? Decode((byte[] Pixels, int Width, int Height) page) =>
            reader.Decode(new RGBLuminanceSource(page.Pixels, page.Width, page.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
        var pages = await PagesAsync(pdf, 300);
        List<(byte[] Pixels, int Width, int Height)>? second = null;
        var codes = new List<string>();
        for (var page = 0; page < pages.Count; page++)
        {
            var text = Decode(pages[page]) ?? Decode((second ??= await PagesAsync(pdf, 200))[page]);
            codes.Add(text ?? throw new InvalidOperationException($"No QR code found on page {page + 1}"));
        }

        return codes;
    }

    /// <summary>Each page as poppler rasterises it: 8-bit grey pixels, row by row, at <paramref name="dpi"/>.</summary>
    public static Task<List<(byte[] Pixels, int Width, int Height)>> PagesAsync(byte[] pdf, int dpi) => WithFileAsync(pdf, async file =>
    {
        var prefix = Path.Combine(Path.GetDirectoryName(file)!, "page");
        await ProcessRunner.RunAsync("pdftoppm", ["-gray", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), file, prefix],
            TimeSpan.FromSeconds(60));
        var pages = new List<(byte[], int, int)>();
        foreach (var page in Directory.GetFiles(Path.GetDirectoryName(file)!, "page*.pgm").Order())
        {
            pages.Add(ReadPgm(await File.ReadAllBytesAsync(page)));
        }

        return pages;
    });

    /// <summary>Runs <paramref name="read"/> on the PDF written to a directory of its own, removed afterwards (8 MB of pages each).</summary>
    private static async Task<T> WithFileAsync<T>(byte[] pdf, Func<string, Task<T>> read)
    {
        var directory = Directory.CreateTempSubdirectory("tb-pdf-");
        try
        {
            var file = Path.Combine(directory.FullName, "tickets.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            return await read(file);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Binary PGM (P5): a text header of magic, width, height, max value, then one byte a pixel.</summary>
    private static (byte[] Pixels, int Width, int Height) ReadPgm(byte[] data)
    {
        var fields = new List<string>();
        var position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)data[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)data[position]))
            {
                position++;
            }

            fields.Add(System.Text.Encoding.ASCII.GetString(data, start, position - start));
        }

        var (width, height) = (int.Parse(fields[1]), int.Parse(fields[2]));
        return (data[(position + 1)..(position + 1 + width * height)], width, height);
    }
}
