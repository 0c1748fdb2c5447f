using System.Net;
using System.Net.Sockets;

namespace TicketBottle.LocalInfrastructure;

public static class FreePort
{
    // Below Linux's ephemeral range (32768–60999): a server that binds port 0, or an outgoing connection, in another test
    // process can be handed a port of that range the moment we let go of it, and our service would then find it taken
    // (or, worse, find someone else answering on it). Here only other callers of this method compete, at random.
    private const int First = 20_000;
    private const int Last = 32_000;
    // Handed out by this process: a port is often taken up only later (a service that starts after the next one is
    // given its metrics port), and must not be handed out twice meanwhile.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A loopback port nobody listens on right now, outside the range the OS hands out by itself.</summary>
    public static int Next()
    {
        while (true)
        {
            var port = Random.Shared.Next(First, Last);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }
    }
}
