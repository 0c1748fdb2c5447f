using TicketBottle.Gateway.Queue;

namespace TicketBottle.Gateway.UnitTests;

public sealed class PositionPacingTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(12, 11)]
    [InlineData(39, 38)]
    public void Near_the_front_every_move_is_written_at_once(long written, long position) =>
        Assert.True(PositionPacing.IsWorthWriting(written, position, TimeSpan.Zero));

    [Fact]
    public void Far_back_a_move_of_a_twentieth_of_the_place_is_written_and_a_smaller_one_waits()
    {
        Assert.False(PositionPacing.IsWorthWriting(6_000, 5_970, TimeSpan.FromSeconds(1)));
        Assert.False(PositionPacing.IsWorthWriting(6_000, 5_701, TimeSpan.FromSeconds(4.9)));
        Assert.True(PositionPacing.IsWorthWriting(6_000, 5_700, TimeSpan.FromSeconds(0.1)));
    }

    [Fact]
    public void Any_move_is_written_once_the_quiet_limit_has_passed() =>
        Assert.True(PositionPacing.IsWorthWriting(9_000, 8_999, PositionPacing.QuietLimit));

    [Fact]
    public void The_same_place_is_never_written_again() =>
        Assert.False(PositionPacing.IsWorthWriting(5_000, 5_000, TimeSpan.FromMinutes(1)));
}
