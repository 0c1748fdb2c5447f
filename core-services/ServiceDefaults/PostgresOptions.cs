namespace TicketBottle.ServiceDefaults;

/// <summary>Connection settings sized for a small Aurora instance (db.t4g.medium allows ~400 connections in all).</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    public string ConnectionString { get; set; } = "";
    public int MaxPoolSize { get; set; } = 20;
    public int MinPoolSize { get; set; }
    /// <summary>Every command gets this timeout; no query may hang a request.</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;
    public int ConnectTimeoutSeconds { get; set; } = 5;
    /// <summary>Statements used this often get prepared server-side automatically (hot paths skip parse and plan).</summary>
    public int MaxAutoPrepare { get; set; } = 64;
    /// <summary>Create the database on start-up when missing (local and test runs; off in production).</summary>
    public bool EnsureDatabase { get; set; }
}
