using System.Reflection;

namespace TicketBottle.ServiceDefaults;

public sealed record MigrationSource(Assembly Assembly);
