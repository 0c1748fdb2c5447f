using System.Diagnostics;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// A core service (or the Gateway) as its own process, from its project's build output, configured only through its
/// environment — the way a pod runs it. Stopped (SIGTERM, then kill) on dispose.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private TextWriter? _log;

    private ServiceProcess(Process process, string name, Uri url)
    {
        _process = process;
        _name = name;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>Whatever the service wrote to stderr, for a failure message.</summary>
    public string Errors { get; private set; } = "";

    /// <param name="project">The project folder under core-services/ (e.g. "Payment"); its assembly is TicketBottle.{project}.dll.</param>
    /// <param name="environment">Everything the service is told; nothing is inherited that could name a setting.</param>
    /// <param name="logFile">Where its stdout (the JSON log lines) is appended; null: read and dropped.</param>
    public static async Task<ServiceProcess> StartAsync(string project, Uri url, IReadOnlyDictionary<string, string> environment,
        TimeSpan? timeout = null, string? logFile = null)
    {
        var assembly = RepositoryPaths.ServiceAssembly(project);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing; build the solution first (./test.sh does).");
        }

        if (await LoopbackPort.AcceptsConnectionsAsync(url.Port))
        {
            // Someone else answers there: waiting for the port below would mistake them for this service.
            throw new InvalidOperationException($"{url} is already taken by another process; {project} cannot listen there.");
        }

        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var name in startInfo.Environment.Keys.Where(IsConfiguration).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["ASPNETCORE_URLS"] = $"http://{url.Host}:{url.Port}";
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{project} did not start");
        var service = new ServiceProcess(process, project, url);
        var log = logFile is null ? null : TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        service._log = log;
        process.OutputDataReceived += (_, e) =>
        {
            try
            {
                if (e.Data is not null)
                {
                    log?.WriteLine(e.Data);
                }
            }
            catch (ObjectDisposedException)
            {
                // A last line after the process was disposed.
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                service.Errors += e.Data + "\n";
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await LoopbackPort.AcceptsConnectionsAsync(url.Port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                // Read before disposing: a disposed Process answers nothing.
                var exitCode = process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
                await service.DisposeAsync();
                throw new InvalidOperationException($"{project} did not listen on {url} (exit code {exitCode}):\n{service.Errors}");
            }

            await Task.Delay(100);
        }

        return service;
    }

    /// <summary>kill -9: no shutdown, in-flight work lost mid-way, as when a node dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the host stops gracefully, as on a pod's termination.
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                Console.Error.WriteLine($"{_name} did not stop within 10 s of SIGTERM; killed.");
            }
        }

        _process.Dispose();
        _log?.Dispose();
    }

    // A variable that an ASP.NET Core host would read as configuration (Section__Key, ASPNETCORE_*, DOTNET_*).
    private static bool IsConfiguration(string name) =>
        name.Contains("__", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal);
}
