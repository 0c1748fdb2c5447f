using System.Diagnostics;

namespace TicketBottle.LocalRun;

/// <summary>
/// After a crash (kill -9, power loss) the servers of the previous run may still hold the data folder and the ports.
/// We hold the run lock, so any process still naming our data folder or ports is a leftover.
/// </summary>
public static class Leftovers
{
    /// <param name="markers">Command-line fragments that identify our servers: the data folder, and Redis's own
    /// process title (it rewrites its command line to "redis-server host:port").</param>
    public static async Task StopAsync(params string[] markers)
    {
        var leftovers = Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && markers.Any(CommandLine(pid).Contains))
            .Select(TryGetProcess)
            .OfType<Process>()
            .ToList();
        if (leftovers.Count == 0)
        {
            return;
        }

        Console.WriteLine($"Stopping {leftovers.Count} server process(es) left over from a previous run…");
        foreach (var process in leftovers)
        {
            // SIGTERM: PostgreSQL shuts down cleanly (smart mode); the Node servers and Redis exit.
            Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit();
        }

        foreach (var process in leftovers)
        {
            using (process)
            {
                if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
                {
                    process.Kill();
                }
            }
        }

        await Task.Delay(200);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static Process? TryGetProcess(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
