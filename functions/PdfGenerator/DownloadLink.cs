using System.Text.Json.Serialization;

namespace TicketBottle.Functions.PdfGenerator;

/// <summary>Where the order's PDF can be fetched for a few minutes (a presigned S3 URL).</summary>
public sealed record DownloadLink([property: JsonPropertyName("url")] string Url);
