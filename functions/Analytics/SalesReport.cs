using System.Globalization;
using System.Text;
using TicketBottle.Contracts.Inventory.V1;

namespace TicketBottle.Functions.Analytics;

/// <summary>
/// One event's sales as of a moment, as CSV (RFC 4180, UTF-8): a row per section and a total. A report a day per event,
/// each a snapshot: the day's sales are the difference between two days' files.
/// </summary>
public static class SalesReport
{
    public const string Header = "section_id,section,price_vnd,capacity,available,held,sold,revenue_vnd";

    public static string Csv(Availability availability)
    {
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var s in availability.Sections)
        {
            Row(csv, s.SectionId, s.Name, s.PriceVnd.ToString(CultureInfo.InvariantCulture), s.Capacity, s.Available, s.Held, s.Sold, s.Sold * s.PriceVnd);
        }

        var sections = availability.Sections;
        Row(csv, "TOTAL", "", "", sections.Sum(s => s.Capacity), sections.Sum(s => s.Available), sections.Sum(s => s.Held), sections.Sum(s => s.Sold),
            Revenue(availability));
        return csv.ToString();
    }

    public static long Revenue(Availability availability) => availability.Sections.Sum(s => s.Sold * s.PriceVnd);

    private static void Row(StringBuilder csv, string id, string name, string price, int capacity, int available, int held, int sold, long revenue) =>
        csv.Append(Field(id)).Append(',').Append(Field(name)).Append(',').Append(price).Append(',')
            .Append(string.Join(',', new long[] { capacity, available, held, sold, revenue }.Select(n => n.ToString(CultureInfo.InvariantCulture))))
            .Append("\r\n");

    /// <summary>Quoted when it holds a comma, quote or line break; a leading =, +, - or @ is neutralised so a spreadsheet shows it as text.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
