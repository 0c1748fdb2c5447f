namespace TicketBottle.LocalInfrastructure;

/// <summary>What the kernel says a process on this machine has used, for the benchmarks' per-service figures.</summary>
public static class ProcessStats
{
    /// <summary>User plus system CPU time (/proc/&lt;pid&gt;/stat utime + stime, in ticks of 1/100 s).</summary>
    public static TimeSpan CpuTime(int processId)
    {
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        var fields = File.ReadAllText($"/proc/{processId}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
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
}
