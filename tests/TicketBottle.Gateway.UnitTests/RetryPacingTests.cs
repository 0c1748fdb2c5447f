using Microsoft.Extensions.Time.Testing;

namespace TicketBottle.Gateway.UnitTests;

public sealed class RetryPacingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(300, 0, 1)] // shed nothing the second before
    [InlineData(100, 2_000, 2)] // shed much, but a quiet second has passed since
    public void A_pod_that_shed_nothing_the_second_before_asks_for_one_second(int answered, int shed, int secondsLater)
    {
        var pacing = new RetryPacing(_clock);
        Record(pacing, answered, shed);
        _clock.Advance(TimeSpan.FromSeconds(secondsLater));

        Assert.All(Enumerable.Range(0, 100).Select(_ => pacing.RetryAfterSeconds()), seconds => Assert.Equal(1, seconds));
    }

    [Fact]
    public void The_retries_of_a_second_that_shed_six_times_what_it_answered_spread_over_seven_seconds()
    {
        var pacing = new RetryPacing(_clock);
        Record(pacing, answered: 300, shed: 1_800);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var advice = Enumerable.Range(0, 7_000).Select(_ => pacing.RetryAfterSeconds()).ToList();

        Assert.Equal(Enumerable.Range(1, 7), advice.Distinct().Order());
        // Evenly: each second gets about a seventh of the retries.
        Assert.All(advice.CountBy(s => s), count => Assert.InRange(count.Value, 800, 1_200));
    }

    [Fact]
    public void The_spread_is_capped_however_few_requests_were_answered()
    {
        var pacing = new RetryPacing(_clock);
        Record(pacing, answered: 0, shed: 5_000);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.All(Enumerable.Range(0, 1_000).Select(_ => pacing.RetryAfterSeconds()), seconds => Assert.InRange(seconds, 1, RetryPacing.MaxSeconds));
    }

    private static void Record(RetryPacing pacing, int answered, int shed)
    {
        for (var i = 0; i < answered; i++)
        {
            pacing.Answered();
        }

        for (var i = 0; i < shed; i++)
        {
            pacing.RetryAfterSeconds();
        }
    }
}
