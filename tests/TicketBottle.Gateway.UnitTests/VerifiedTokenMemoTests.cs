using TicketBottle.ServiceIdentity;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>The memo stays within its capacity, makes room only from what has lapsed, and never answers for a lapsed token.</summary>
public sealed class VerifiedTokenMemoTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_full_memo_makes_room_from_lapsed_tokens_only_and_keeps_its_count()
    {
        var memo = new VerifiedTokenMemo<string>(capacity: 3);
        memo.Remember("short-1", "a", Now.AddMinutes(1), Now);
        memo.Remember("short-2", "b", Now.AddMinutes(1), Now);
        memo.Remember("long", "c", Now.AddMinutes(10), Now);

        memo.Remember("refused", "d", Now.AddMinutes(10), Now);
        var later = Now.AddMinutes(2);
        memo.Remember("after-lapse", "e", later.AddMinutes(10), later);

        Assert.False(memo.TryGet("refused", Now, out _));
        Assert.True(memo.TryGet("after-lapse", later, out var admitted) && admitted == "e");
        Assert.True(memo.TryGet("long", later, out var kept) && kept == "c");
        Assert.False(memo.TryGet("short-1", later, out _));
        Assert.Equal(2, memo.Count);
    }

    [Fact]
    public void A_token_remembered_again_is_one_entry_with_its_new_time()
    {
        var memo = new VerifiedTokenMemo<string>(capacity: 2);
        memo.Remember("token", "old", Now.AddMinutes(1), Now);

        memo.Remember("token", "new", Now.AddMinutes(5), Now.AddMinutes(2));

        Assert.True(memo.TryGet("token", Now.AddMinutes(3), out var value) && value == "new");
        Assert.Equal(1, memo.Count);
    }

    [Fact]
    public async Task Many_writers_at_once_count_exactly_what_the_memo_holds()
    {
        var memo = new VerifiedTokenMemo<int>(capacity: 100_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                memo.Remember($"t{i % 2_000}", i, Now.AddMinutes(5), Now);
            }
        })));

        Assert.Equal(2_000, memo.Count);
        Assert.All(Enumerable.Range(0, 2_000), i => Assert.True(memo.TryGet($"t{i}", Now, out _)));
    }
}
