namespace TicketBottle.LocalPlatform;

/// <summary>Connection strings of the PostgreSQL database each service owns.</summary>
public sealed record LocalDatabases(string Payments, string Inventory, string Users, string Events);
