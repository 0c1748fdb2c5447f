namespace TicketBottle.Security.Tests;

/// <summary>One platform for every attack: each test uses fresh customers, so no attack sees another's leftovers.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
