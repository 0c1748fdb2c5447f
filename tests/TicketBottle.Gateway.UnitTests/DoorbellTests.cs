using TicketBottle.Gateway.Queue;

namespace TicketBottle.Gateway.UnitTests;

/// <summary>The stream's wake-up: no ring is lost, rings while nobody waits are one, and closing ends a wait.</summary>
public sealed class DoorbellTests
{
    [Fact]
    public async Task Rings_before_a_wait_are_kept_as_one_and_a_ring_during_a_wait_wakes_it()
    {
        var doorbell = new Doorbell();
        doorbell.Ring();
        doorbell.Ring();
        Assert.True(doorbell.WaitAsync().IsCompletedSuccessfully);

        var waiting = doorbell.WaitAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        doorbell.Ring();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Rung_from_another_thread_a_hundred_thousand_times_the_waiter_wakes_for_the_last_ring()
    {
        var doorbell = new Doorbell();
        var rings = 0;
        var seen = 0;
        var ringer = Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                Interlocked.Increment(ref rings);
                doorbell.Ring();
            }
        });

        // Whatever interleaving: after the ringer's last ring, one more wait completes and has seen every ring.
        while (Volatile.Read(ref seen) < 100_000)
        {
            await doorbell.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            seen = Volatile.Read(ref rings);
        }

        await ringer;
        Assert.Equal(100_000, seen);
    }

    [Fact]
    public async Task Closing_ends_the_wait_in_progress_and_every_later_one()
    {
        var doorbell = new Doorbell();
        var waiting = doorbell.WaitAsync().AsTask();
        doorbell.Close();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        doorbell.Ring();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doorbell.WaitAsync().AsTask());
    }
}
