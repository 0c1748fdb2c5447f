using TicketBottle.LocalInfrastructure;

namespace TicketBottle.EndToEnd.Tests;

/// <summary>The local PostgreSQL every test project and `./run.sh` start: what it leaves in the temp directory.</summary>
public sealed class ThrowawayPostgresTests
{
    private static readonly string? RunAs = ProcessRunner.IsRoot ? "postgres" : null;

    [Fact]
    public async Task A_new_throwaway_cluster_removes_the_ended_ones_left_behind_but_never_a_live_or_fresh_one()
    {
        var ended = await DirectoryAsync(untouchedFor: PostgresServer.LeftoverAge * 2);
        var live = await DirectoryAsync(untouchedFor: PostgresServer.LeftoverAge * 2, postmasterPid: Environment.ProcessId);
        var crashed = await DirectoryAsync(untouchedFor: PostgresServer.LeftoverAge * 2, postmasterPid: int.MaxValue);
        var fresh = await DirectoryAsync(untouchedFor: TimeSpan.Zero);
        try
        {
            await using (await PostgresServer.StartAsync())
            {
            }

            Assert.False(Directory.Exists(ended), "an ended cluster's directory stayed");
            Assert.False(Directory.Exists(crashed), "a crashed cluster's directory (its postmaster gone) stayed");
            Assert.True(Directory.Exists(live), "a directory whose postmaster runs was removed");
            Assert.True(Directory.Exists(fresh), "a directory touched just now (a cluster being set up) was removed");
        }
        finally
        {
            foreach (var directory in (string[])[ended, live, crashed, fresh])
            {
                await ProcessRunner.RunAsUserAsync(RunAs, "rm", ["-rf", directory], TimeSpan.FromSeconds(30));
            }
        }
    }

    /// <summary>A cluster directory as the server's user leaves it: PG_VERSION, maybe a postmaster.pid, last changed then.</summary>
    private static async Task<string> DirectoryAsync(TimeSpan untouchedFor, int? postmasterPid = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tb-pg-{Guid.NewGuid():N}");
        var timeout = TimeSpan.FromSeconds(30);
        await ProcessRunner.RunAsUserAsync(RunAs, "mkdir", ["-m", "700", directory], timeout);
        await ProcessRunner.RunAsUserAsync(RunAs, "touch", [Path.Combine(directory, "PG_VERSION")], timeout);
        if (postmasterPid is { } pid)
        {
            await ProcessRunner.RunAsUserAsync(RunAs, "sh", ["-c", $"echo {pid} > {Path.Combine(directory, "postmaster.pid")}"], timeout);
        }

        var changedAt = DateTimeOffset.UtcNow - untouchedFor;
        await ProcessRunner.RunAsUserAsync(RunAs, "touch", ["-d", $"@{changedAt.ToUnixTimeSeconds()}", directory], timeout);
        return directory;
    }
}
