using System.Text.Json.Serialization;

namespace TicketBottle.Functions.PdfGenerator;

[JsonSerializable(typeof(DownloadLink))]
public sealed partial class PdfGeneratorJsonContext : JsonSerializerContext;
