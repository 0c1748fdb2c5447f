namespace TicketBottle.LocalPlatform;

/// <summary>Where each service, the Gateway and the local function host answer on loopback.</summary>
public sealed record ServiceUrls(Uri Payment, Uri Inventory, Uri Waitroom, Uri User, Uri Event, Uri Order, Uri Gateway, Uri Functions)
{
    public IEnumerable<(string Name, Uri Url)> Services =>
    [
        ("payment", Payment), ("inventory", Inventory), ("waitroom", Waitroom), ("user", User), ("event", Event), ("order", Order),
    ];
}
