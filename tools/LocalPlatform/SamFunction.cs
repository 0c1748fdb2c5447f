namespace TicketBottle.LocalPlatform;

public sealed record SamFunction(
    string LogicalId,
    string AssemblyName,
    string TypeName,
    string MethodName,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyList<HttpRoute> Routes,
    IReadOnlyList<QueueTrigger> Queues,
    IReadOnlyList<ScheduleTrigger> Schedules);
