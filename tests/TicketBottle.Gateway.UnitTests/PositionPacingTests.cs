using TicketBottle.Gateway.Queue;

namespace TicketBottle.Gateway.UnitTests;

public sealed class PositionPacingTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(12, 11)]
    [InlineData(39, 38)]
    public void Near_the_front_every_move_is_written_at_once(long written, long position) =>
        Assert.True(PositionPacing.IsWorthWritingAtOnce(written, position));

    [Fact]
    public void Far_back_a_move_of_a_twentieth_of_the_place_is_written_at_once_and_a_smaller_one_waits()
    {
        Assert.False(PositionPacing.IsWorthWritingAtOnce(6_000, 5_970));
        Assert.False(PositionPacing.IsWorthWritingAtOnce(6_000, 5_701));
        Assert.True(PositionPacing.IsWorthWritingAtOnce(6_000, 5_700));
    }

    [Fact]
    public void The_same_place_is_never_written_again() =>
        Assert.False(PositionPacing.IsWorthWritingAtOnce(5_000, 5_000));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(14)]
    public void A_stream_has_exactly_one_turn_in_every_quiet_limit(int slot)
    {
        var seconds = (long)PositionPacing.QuietLimit.TotalSeconds;
        for (long first = 0; first < 3 * seconds; first++)
        {
            Assert.Single(Enumerable.Range(0, (int)seconds), offset => PositionPacing.IsQuietTurn(slot, first + offset));
        }
    }

    [Fact]
    public void Consecutive_slots_take_their_turns_in_different_seconds()
    {
        var seconds = (int)PositionPacing.QuietLimit.TotalSeconds;
        Assert.All(Enumerable.Range(0, 20), tick =>
            Assert.Single(Enumerable.Range(0, seconds), slot => PositionPacing.IsQuietTurn(slot, tick)));
    }
}
