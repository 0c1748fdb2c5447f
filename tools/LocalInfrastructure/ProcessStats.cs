namespace TicketBottle.LocalInfrastructure;

/// <summary>What the kernel says a process on this machine has used, for the benchmarks' per-service figures.</summary>
public static class ProcessStats
{
    /// <summary>User plus system CPU time (/proc/&lt;pid&gt;/stat utime + stime, in ticks of 1/100 s).</summary>
    public static TimeSpan CpuTime(int processId)
    {
        var fields = FieldsAfterCommand(File.ReadAllText($"/proc/{processId}/stat"));
        return Ticks(long.Parse(fields[11]) + long.Parse(fields[12]));
    }

    /// <summary>
    /// User plus system CPU time of every process on this machine whose command name and command line match, with the
    /// children each has reaped: a PostgreSQL backend that ends within a measured window moves into its postmaster's
    /// count instead of vanishing from it.
    /// </summary>
    public static TimeSpan CpuTimeOfAll(Func<string, string, bool> matches)
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var command = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (!matches(command, commandLine))
                {
                    continue;
                }

                var fields = FieldsAfterCommand(stat);
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Ended while being read.
            }
        }

        return Ticks(ticks);
    }

    /// <summary>CPU time this machine's cores spent busy (/proc/stat: everything but idle and iowait), summed over the cores.</summary>
    public static TimeSpan MachineBusyTime()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        return Ticks(fields.Take(8).Sum() - fields[3] - fields[4]);
    }

    /// <summary>Resident memory (VmRSS) in KiB.</summary>
    public static long ResidentKib(int processId) =>
        long.Parse(File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    /// <summary>
    /// Connections the kernel dropped on this machine because a listener's accept queue was full (TcpExt
    /// ListenOverflows): each costs its client a SYN retry a second or more later.
    /// </summary>
    public static long ListenOverflows()
    {
        var lines = File.ReadAllLines("/proc/net/netstat").Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).ToList();
        var names = lines[0].Split(' ');
        return long.Parse(lines[1].Split(' ')[Array.IndexOf(names, "ListenOverflows")]);
    }

    // The command name (field 2) may hold spaces and parentheses; the fields after its last closing parenthesis are fixed.
    private static string[] FieldsAfterCommand(string stat) => stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // /proc counts CPU time in clock ticks of 1/100 s.
    private static TimeSpan Ticks(long ticks) => TimeSpan.FromMilliseconds(ticks * 10);
}
