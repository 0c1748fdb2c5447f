namespace TicketBottle.EndToEnd.Tests;

/// <summary>The services as separate processes configured only through their environment, as pods are.</summary>
public sealed class ProcessPerServiceTests(ProcessPerServicePlatformFixture fixture) : IClassFixture<ProcessPerServicePlatformFixture>
{
    [Fact]
    public Task The_purchase_journey_works_with_a_process_per_service() =>
        PurchaseJourney.BuyTwoSeatsPayTwiceAndGetOneEmailAsync(fixture);
}
