namespace TicketBottle.LocalPlatform;

public sealed record ScheduleTrigger(string Expression);
