using System.Diagnostics;
using System.Net.Sockets;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// redis-server from the Debian package on loopback: throwaway (free port, persistence off) for tests, or with an
/// append-only file in a kept data directory on a fixed port for the local stack.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process? _process;

    private RedisServer(string endpoint, Process? process)
    {
        Endpoint = endpoint;
        _process = process;
    }

    /// <summary>"127.0.0.1:port", as StackExchange.Redis takes it.</summary>
    public string Endpoint { get; }

    public static async Task<RedisServer> StartAsync(LocalServerOptions? persistent = null)
    {
        var port = persistent?.Port is > 0 and var fixedPort ? fixedPort : FreePort.Next();
        // setsid: a Ctrl-C in the terminal reaches only our process, which stops the services before their servers.
        var startInfo = new ProcessStartInfo("setsid")
        {
            ArgumentList = { FindServer() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] storage = persistent?.DataDirectory is { } directory
            ? ["--dir", Directory.CreateDirectory(directory).FullName, "--save", "", "--appendonly", "yes"]
            : ["--save", "", "--appendonly", "no"];
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--protected-mode", "no" }.Concat(storage))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer($"127.0.0.1:{port}", process);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await server.AnswersPingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server on port {port} did not answer PING");
            }

            await Task.Delay(50);
        }

        return server;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            var separator = Endpoint.LastIndexOf(':');
            using var client = new TcpClient();
            await client.ConnectAsync(Endpoint[..separator], int.Parse(Endpoint[(separator + 1)..]));
            await using var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindServer() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server not found; install the Debian package 'redis-server' (./test.sh does).");
}
