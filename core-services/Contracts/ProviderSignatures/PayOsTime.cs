using System.Globalization;

namespace TicketBottle.Contracts.ProviderSignatures;

/// <summary>PayOS writes transaction times as "2023-02-04 18:25:00", Vietnam time without an offset (signed as text).</summary>
public static class PayOsTime
{
    private const string Pattern = "yyyy-MM-dd HH:mm:ss";
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static DateTimeOffset? Parse(string? text) =>
        DateTime.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, VietnamOffset)
            : null;

    public static string Format(DateTimeOffset time) => time.ToOffset(VietnamOffset).ToString(Pattern, CultureInfo.InvariantCulture);
}
