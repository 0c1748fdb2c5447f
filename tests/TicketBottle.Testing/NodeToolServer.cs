using System.Diagnostics;
using System.Net.Sockets;

namespace TicketBottle.Testing;

/// <summary>
/// The npm stand-ins for AWS from tests/local-aws (run `npm ci` there; ./test.sh does): s3rver for S3, dynalite for
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

    public static Task<NodeToolServer> StartS3Async()
    {
        var directory = Directory.CreateTempSubdirectory("tb-s3-").FullName;
        return StartAsync("s3rver", port => ["--address", "127.0.0.1", "--port", port.ToString(), "--directory", directory, "--silent"], directory);
    }

    public static Task<NodeToolServer> StartDynamoDbAsync() =>
        StartAsync("dynalite", port => ["--host", "127.0.0.1", "--port", port.ToString()], null);

    private static async Task<NodeToolServer> StartAsync(string tool, Func<int, string[]> arguments, string? dataDirectory)
    {
        var executable = Path.Combine(RepositoryPaths.Root, "tests", "local-aws", "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{tool} is not installed; run `npm ci` in tests/local-aws (./test.sh does).");
        }

        var port = FreePort.Next();
        var startInfo = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments(port))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{tool} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NodeToolServer(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AcceptsConnectionsAsync(port))
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

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
