namespace TicketBottle.LocalPlatform;

public sealed record HttpRoute(string Method, string Path, bool RequiresJwt);
