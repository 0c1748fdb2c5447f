using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBottle.ServiceDefaults;

/// <summary>
/// Applies the service's versioned SQL scripts with DbUp at start-up. Hosted services start before Kestrel
/// listens, so no request ever sees an old schema. A session advisory lock keeps two pods that start together
/// from running the same script twice.
/// </summary>
internal sealed class PostgresMigrationService(
    IOptions<PostgresOptions> options, MigrationSource source, ILogger<PostgresMigrationService> logger) : IHostedService
{
    private const long AdvisoryLockKey = 0x7469636b6574; // "ticket"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = PostgresExtensions.EffectiveConnectionString(options.Value);
        if (options.Value.EnsureDatabase)
        {
            EnsureDatabase.For.PostgresqlDatabase(connectionString, new UpgradeLogAdapter(logger));
        }

        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKey);
            take.CommandTimeout = 120;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        var upgrader = DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(source.Assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new UpgradeLogAdapter(logger))
            .Build();
        var result = upgrader.PerformUpgrade();
        // Closing the connection releases the advisory lock.
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed at {result.ErrorScript?.Name}", result.Error);
        }

        logger.LogInformation("Database schema up to date ({ScriptCount} new scripts)", result.Scripts.Count());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class UpgradeLogAdapter(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
