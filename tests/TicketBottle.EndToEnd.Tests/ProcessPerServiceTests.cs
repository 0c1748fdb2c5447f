namespace TicketBottle.EndToEnd.Tests;

/// <summary>
/// The services as separate processes configured only through their environment, as pods are. In the platform
/// collection so it never starts its seven cold processes while other tests sign up dozens of customers on the same two
/// cores (its first calls then outlasted the 5 s deadline in CI).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ProcessPerServiceTests(ProcessPerServicePlatformFixture fixture) : IClassFixture<ProcessPerServicePlatformFixture>
{
    [Fact]
    public Task The_purchase_journey_works_with_a_process_per_service() =>
        PurchaseJourney.BuyTwoSeatsPayTwiceAndGetOneEmailAsync(fixture);
}
