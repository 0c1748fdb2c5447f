using System.Net.Sockets;

namespace TicketBottle.LocalInfrastructure;

public static class LoopbackPort
{
    /// <summary>Whether something listens on 127.0.0.1:<paramref name="port"/> yet (a server we started is up).</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
