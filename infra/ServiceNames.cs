namespace TicketBottle.Infra;

/// <summary>The core services (core-services/), each an EKS Deployment with its own image, role and, where it has one, database login.</summary>
public static class ServiceNames
{
    public static readonly string[] All = ["gateway", "user", "event", "inventory", "waitroom", "order", "payment"];

    /// <summary>Services with a PostgreSQL database of their own (one database and one login each).</summary>
    public static readonly string[] WithDatabase = ["users", "events", "inventory", "payments"];

    /// <summary>Workloads that call core services, each with a service identity key in Secrets Manager.</summary>
    public static readonly IReadOnlyList<string> Callers = ServiceIdentity.Callers.All;

    /// <summary>What the functions call through the internal NLB, on the ports template.yaml names.</summary>
    public static readonly (string Service, int Port)[] BehindInternalNlb =
        [("payment", 5001), ("inventory", 5002), ("waitroom", 5003), ("user", 5004), ("event", 5005), ("order", 5006)];
}
