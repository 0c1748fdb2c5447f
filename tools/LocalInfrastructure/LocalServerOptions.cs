namespace TicketBottle.LocalInfrastructure;

/// <summary>For the local stack: keep a server's data in this directory across runs and listen on this port (0: any free one).</summary>
public sealed record LocalServerOptions(string DataDirectory, int Port = 0);
