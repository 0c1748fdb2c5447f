using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBottle.ServiceDefaults;

public static class PostgresExtensions
{
    /// <summary>
    /// Registers a pooled <see cref="NpgsqlDataSource"/> from the "Postgres" section and applies the service's
    /// embedded SQL migrations (resources under a Migrations folder) before the server starts listening.
    /// </summary>
    public static WebApplicationBuilder AddPostgres(this WebApplicationBuilder builder, Assembly migrationsAssembly)
    {
        builder.Services.AddOptions<PostgresOptions>()
            .Bind(builder.Configuration.GetSection(PostgresOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Postgres:ConnectionString is required.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => BuildDataSource(sp.GetRequiredService<IOptions<PostgresOptions>>().Value));
        builder.Services.AddSingleton(new MigrationSource(migrationsAssembly));
        builder.Services.AddHostedService<PostgresMigrationService>();
        return builder;
    }

    public static string EffectiveConnectionString(PostgresOptions options) =>
        new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            MinPoolSize = options.MinPoolSize,
            CommandTimeout = options.CommandTimeoutSeconds,
            Timeout = options.ConnectTimeoutSeconds,
            MaxAutoPrepare = options.MaxAutoPrepare,
            AutoPrepareMinUsages = 2,
        }.ConnectionString;

    private static NpgsqlDataSource BuildDataSource(PostgresOptions options) =>
        new NpgsqlDataSourceBuilder(EffectiveConnectionString(options)).Build();
}
