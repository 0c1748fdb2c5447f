namespace TicketBottle.Browser.Tests;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PlatformFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
