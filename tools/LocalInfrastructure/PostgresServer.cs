using Npgsql;

namespace TicketBottle.LocalInfrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from the Debian package: initdb in a temp dir, pg_ctl start on a free loopback
/// port, trust auth for user "tb". One cluster per test process (<see cref="Shared"/>); tests take a fresh database
/// each with <see cref="CreateDatabaseAsync"/>. Set TB_TEST_POSTGRES to a connection string to use a running server.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string SuperUser = "tb";
    private const string ThrowawayPrefix = "tb-pg-";

    /// <summary>How long a throwaway cluster's directory must have been left alone before another start removes it.</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(10);
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartSharedAsync);

    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;
    private readonly string? _runAs;
    private readonly bool _keepData;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? binDirectory, string? runAs, bool keepData = false)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        _runAs = runAs;
        _keepData = keepData;
    }

    /// <summary>Connection string to the "postgres" maintenance database as the superuser.</summary>
    public string AdminConnectionString { get; }

    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <param name="persistent">A data directory kept across runs (initialised on first use) and a fixed port; null for a throwaway cluster.</param>
    public static async Task<PostgresServer> StartAsync(LocalServerOptions? persistent = null)
    {
        var binDirectory = FindBinDirectory();
        var runAs = ProcessRunner.IsRoot ? "postgres" : null;
        var dataDirectory = persistent?.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"{ThrowawayPrefix}{Guid.NewGuid():N}");
        var timeout = TimeSpan.FromMinutes(2);
        if (persistent is null)
        {
            await RemoveLeftoversAsync(runAs);
        }

        if (runAs is not null && persistent is not null)
        {
            // The server runs as "postgres"; a folder inside the checkout is made and handed over by root.
            await ProcessRunner.RunAsUserAsync(null, "mkdir", ["-p", dataDirectory], timeout);
            await ProcessRunner.RunAsUserAsync(null, "chown", [$"{runAs}:{runAs}", dataDirectory], timeout);
            await ProcessRunner.RunAsUserAsync(null, "chmod", ["700", dataDirectory], timeout);
        }
        else
        {
            await ProcessRunner.RunAsUserAsync(runAs, "mkdir", ["-p", dataDirectory], timeout);
        }

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await ProcessRunner.RunAsUserAsync(runAs, Path.Combine(binDirectory, "initdb"),
                ["-D", dataDirectory, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--no-sync"], timeout);
        }

        var port = persistent?.Port is > 0 and var fixedPort ? fixedPort : FreePort.Next();
        // fsync off only for throwaway clusters: test data is disposable, and it keeps a 2-core CI box fast.
        var serverOptions = $"-c listen_addresses=127.0.0.1 -p {port} -k {dataDirectory} -c max_connections=300" +
                            (persistent is null ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
        // setsid: the postmaster outlives pg_ctl; in its own session a terminal's Ctrl-C can't stop it under running services.
        await ProcessRunner.RunAsUserAsync(runAs, "setsid", [Path.Combine(binDirectory, "pg_ctl"), "-D", dataDirectory, "-o", serverOptions, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60", "start"],
            timeout);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = SuperUser, Database = "postgres", Pooling = false,
        }.ConnectionString;
        return new PostgresServer(connectionString, dataDirectory, binDirectory, runAs, keepData: persistent is not null);
    }

    /// <summary>The named database, created if this cluster doesn't have it yet (persistent clusters).</summary>
    public async Task<string> EnsureDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Runs one of the server's client programs (e.g. pgbench) against <paramref name="connectionString"/>'s database; returns its output.</summary>
    public Task<string> RunClientAsync(string program, string connectionString, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        return ProcessRunner.RunAsync(Path.Combine(_binDirectory ?? FindBinDirectory(), program),
            ["-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, .. arguments, target.Database!],
            timeout);
    }

    /// <summary>A crash and recovery: every connection is cut (immediate mode, no checkpoint), then the server starts again on the same port.</summary>
    public async Task RestartAsync()
    {
        if (_dataDirectory is null || _binDirectory is null)
        {
            throw new InvalidOperationException("An external server cannot be restarted from here.");
        }

        await ProcessRunner.RunAsUserAsync(_runAs, "setsid", [Path.Combine(_binDirectory, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "-w", "-t", "60",
            "-l", Path.Combine(_dataDirectory, "server.log"), "restart"], TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is null || _binDirectory is null)
        {
            return;
        }

        await ProcessRunner.RunAsUserAsync(_runAs, Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", _dataDirectory, "-m", _keepData ? "fast" : "immediate", "-w", "stop"], TimeSpan.FromSeconds(30));
        if (!_keepData)
        {
            await ProcessRunner.RunAsUserAsync(_runAs, "rm", ["-rf", _dataDirectory], TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>
    /// Removes the throwaway clusters that ended processes left behind: a test host is ended right after its last test,
    /// before its exit handler has removed its cluster (60–110 MB, one per test project and run). Only a directory with
    /// no live postmaster, untouched for <see cref="LeftoverAge"/>, goes: a cluster another process is still setting up
    /// or running is left alone.
    /// </summary>
    private static async Task RemoveLeftoversAsync(string? runAs)
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), $"{ThrowawayPrefix}*"))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) < LeftoverAge || HasLivePostmaster(directory))
            {
                continue;
            }

            try
            {
                await ProcessRunner.RunAsUserAsync(runAs, "rm", ["-rf", directory], TimeSpan.FromMinutes(1));
            }
            catch (InvalidOperationException)
            {
                // Another user's, or removed by another process meanwhile: not ours to insist on.
            }
        }
    }

    private static bool HasLivePostmaster(string directory)
    {
        var pidFile = Path.Combine(directory, "postmaster.pid");
        try
        {
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && Directory.Exists($"/proc/{pid}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cannot tell: leave it.
            return true;
        }
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable("TB_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null, null);
        }

        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("TB_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.Count > 0
            ? Path.Combine(candidates[0], "bin")
            : throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql; install the Debian package 'postgresql' " +
                "or set TB_PG_BIN.");
    }
}
