using TicketBottle.ProviderSandbox;

namespace TicketBottle.LocalPlatform;

public sealed record PlatformSettings
{
    /// <summary>0: every service on a free port (tests). Otherwise services at BasePort…BasePort+5.</summary>
    public int BasePort { get; init; }
    public int GatewayPort { get; init; }
    /// <summary>Each service and the Gateway as its own process, configured only through its environment (as the
    /// Kubernetes manifests configure it); false: all in this process, which starts faster.</summary>
    public bool ProcessPerService { get; init; }
    public int FunctionsPort { get; init; }
    /// <summary>
    /// Where each service process and the functions' host write their finished spans (JSON lines, one file per process);
    /// null: none. Only with <see cref="ProcessPerService"/>: tracer providers listen process-wide, so services sharing
    /// one process would each record all of their spans.
    /// </summary>
    public string? TraceDirectory { get; init; }
    /// <summary>Where each service process's stdout (its JSON log lines) goes, as &lt;Project&gt;.log; null: dropped.</summary>
    public string? LogDirectory { get; init; }
    /// <summary>The PayOS / ZaloPay sandbox (tools/ProviderSandbox); 0: a free port.</summary>
    public int ProviderSandboxPort { get; init; }
    /// <summary>Where PostgreSQL, Redis, DynamoDB and S3 keep their data across runs; null for throwaway stores.</summary>
    public string? DataDirectory { get; init; }
    public int PostgresPort { get; init; }
    public int RedisPort { get; init; }
    public int DynamoDbPort { get; init; }
    public int S3Port { get; init; }
    public string LogLevel { get; init; } = "Warning";
    public required int SmtpPort { get; init; }
    public TimeSpan PaymentLifetime { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan PaymentGrace { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>How old a pending payment must be before the reconciliation sweep asks its provider (Payment:ReconcileAfter).</summary>
    public TimeSpan PaymentReconcileAfter { get; init; } = TimeSpan.FromMinutes(3);
    public TimeSpan HoldLifetime { get; init; } = TimeSpan.FromMinutes(20);
    /// <summary>Local rate of the scheduled Cleanup function (template.yaml: 5 minutes); null: no timer, callers invoke it.</summary>
    public TimeSpan? CleanupInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Gateway limits; the load test raises them (thousands of customers from one IP address).</summary>
    public int RateLimitPerSecond { get; init; } = 20;
    public int AuthPerMinute { get; init; } = 20;
    /// <summary>Argon2id cost of the User service (production: 19 MiB, 2 passes); the load test lowers it and says so.</summary>
    public int PasswordMemoryKib { get; init; } = 19_456;
    public int PasswordIterations { get; init; } = 2;

    /// <summary>
    /// Accounts registered at start with <see cref="LocalPassword"/>, for trying the console and the gate page: the
    /// admin (Roles:AdminEmails, who grants roles through the admin API), an organizer and a gate scanner.
    /// </summary>
    public string AdminEmail { get; init; } = "admin@ticketbottle.local";
    public string OrganizerEmail { get; init; } = "organizer@ticketbottle.local";
    public string StaffEmail { get; init; } = "gate@ticketbottle.local";
    public string LocalPassword { get; init; } = "local-password-123";

    // Development keys: the same sandbox values as samconfig.toml's dev stage and the events/ samples.
    public string AdmissionTokenKey { get; init; } = "tb-dev-admission-token-key-0123456789abcdef";
    public string TicketTokenKey { get; init; } = "tb-dev-ticket-token-key-0123456789abcdef";
    public string ZaloPayAppId { get; init; } = "2553";
    public string ZaloPayKey1 { get; init; } = "tb-dev-zalopay-key1-0123456789ab";
    public string ZaloPayKey2 { get; init; } = "tb-dev-zalopay-key2-0123456789ab";
    public string PayOsClientId { get; init; } = "tb-dev-payos-client-id";
    public string PayOsApiKey { get; init; } = "tb-dev-payos-api-key";
    public string PayOsChecksumKey { get; init; } = "tb-dev-payos-checksum-0123456789abcdef0123456789abcdef";

    /// <summary>The sandbox holds the providers' side of the same keys.</summary>
    public SandboxCredentials ProviderCredentials => new(PayOsClientId, PayOsApiKey, PayOsChecksumKey, long.Parse(ZaloPayAppId,
        System.Globalization.CultureInfo.InvariantCulture), ZaloPayKey1, ZaloPayKey2);
}
