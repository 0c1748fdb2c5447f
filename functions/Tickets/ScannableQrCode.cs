using QRCoder;
using ZXing;
using ZXing.Common;

namespace TicketBottle.Functions.Tickets;

/// <summary>
/// Encodes a ticket token as a QR code that ZXing's detector, the one inside many phone and web scanners, finds. About
/// one token in a hundred encodes at level M into data modules that ZXing's finder-pattern search takes for a corner,
/// so it reads nothing at any size (zbar reads the same code, and so does ZXing told the image is a bare code). The same
/// token at level Q or H is other modules, so the first level whose drawing ZXing reads back is the one printed.
/// </summary>
public static class ScannableQrCode
{
    // ZXing's binarizer sees a code a little differently at each size: of 5,000 codes read back at 2 to 5 pixels a
    // module, one was missed at every size from 7 to 12; a larger size among the checked ones catches that kind too.
    private static readonly int[] PixelsPerModule = [2, 3, 4, 5, 8];

    /// <summary>The code's modules, quiet zone included: level M, else Q, else H, the first that ZXing reads back at every checked size.</summary>
    public static QRCodeData Encode(string payload)
    {
        using var generator = new QRCodeGenerator();
        foreach (var level in (QRCodeGenerator.ECCLevel[])[QRCodeGenerator.ECCLevel.M, QRCodeGenerator.ECCLevel.Q])
        {
            var code = generator.CreateQrCode(payload, level);
            if (PixelsPerModule.All(pixels => ReadsBack(code, pixels) == payload))
            {
                return code;
            }

            code.Dispose();
        }

        // Still a valid code that zbar reads, for the rare token ZXing misses at M and Q alike.
        return generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.H);
    }

    /// <summary>What a scanner with ZXing's default settings reads from the code drawn black on white.</summary>
    public static string? ReadsBack(QRCodeData code, int pixelsPerModule)
    {
        var modules = code.ModuleMatrix;
        var width = modules.Count * pixelsPerModule;
        var pixels = new byte[width * width];
        for (var y = 0; y < width; y++)
        {
            var row = modules[y / pixelsPerModule];
            for (var x = 0; x < width; x++)
            {
                pixels[y * width + x] = row[x / pixelsPerModule] ? (byte)0 : (byte)255;
            }
        }

        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE] } };
        return reader.Decode(new RGBLuminanceSource(pixels, width, width, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
