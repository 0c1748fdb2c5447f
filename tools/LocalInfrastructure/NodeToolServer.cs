using System.Diagnostics;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// The npm stand-ins for AWS from tools/local-aws (run `npm ci` there; ./test.sh does): s3rver for S3, dynalite for
/// DynamoDB, each on a free loopback port, stopped on dispose.
/// </summary>
public sealed class NodeToolServer : IDisposable
{
    private readonly Process _process;
    private readonly string? _dataDirectory;

    private NodeToolServer(Process process, Uri serviceUrl, string? dataDirectory)
    {
        _process = process;
        ServiceUrl = serviceUrl;
        _dataDirectory = dataDirectory;
    }

    public Uri ServiceUrl { get; }

    /// <param name="persistent">Objects kept in this directory and a fixed port; null for a throwaway store.</param>
    public static Task<NodeToolServer> StartS3Async(LocalServerOptions? persistent = null)
    {
        var directory = persistent?.DataDirectory is { } kept
            ? Directory.CreateDirectory(kept).FullName
            : Directory.CreateTempSubdirectory("tb-s3-").FullName;
        return StartAsync("s3rver", port => ["--address", "127.0.0.1", "--port", port.ToString(), "--directory", directory, "--silent"],
            persistent is null ? directory : null, persistent?.Port);
    }

    /// <param name="persistent">Tables kept in this directory (LevelDB) and a fixed port; null for in-memory tables.</param>
    public static Task<NodeToolServer> StartDynamoDbAsync(LocalServerOptions? persistent = null)
    {
        string[] storage = persistent?.DataDirectory is { } kept ? ["--path", Directory.CreateDirectory(kept).FullName] : [];
        return StartAsync("dynalite", port => ["--host", "127.0.0.1", "--port", port.ToString(), .. storage], null, persistent?.Port);
    }

    /// <summary>maildev: an SMTP server with a web inbox, for people running the local stack.</summary>
    public static Task<NodeToolServer> StartMailDevAsync(int smtpPort, int webPort, string mailDirectory) =>
        StartAsync("maildev", _ =>
        [
            "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--smtp", smtpPort.ToString(), "--web", webPort.ToString(),
            "--mail-directory", Directory.CreateDirectory(mailDirectory).FullName, "--silent",
        ], null, smtpPort);

    private static async Task<NodeToolServer> StartAsync(string tool, Func<int, string[]> arguments, string? throwawayDirectory, int? fixedPort)
    {
        var executable = Path.Combine(RepositoryPaths.Root, "tools", "local-aws", "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{tool} is not installed; run `npm ci` in tools/local-aws (./test.sh does).");
        }

        var port = fixedPort is > 0 ? fixedPort.Value : FreePort.Next();
        // setsid: a Ctrl-C in the terminal reaches only our process, which stops the services before their servers.
        var startInfo = new ProcessStartInfo("setsid")
        {
            ArgumentList = { executable }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments(port))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{tool} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NodeToolServer(process, new Uri($"http://127.0.0.1:{port}"), throwawayDirectory);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await LoopbackPort.AcceptsConnectionsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"{tool} did not listen on port {port}");
            }

            await Task.Delay(100);
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
