using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace TicketBottle.LocalInfrastructure;

/// <summary>A real SMTP server (SmtpServer package) on loopback that keeps every message it accepts.</summary>
public sealed class CollectingSmtpServer : IDisposable
{
    private readonly Store _store = new();
    private CancellationTokenSource _stop = new();

    public CollectingSmtpServer()
    {
        Port = FreePort.Next();
        Listen();
    }

    private void Listen()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>An outage: the port stops accepting (chaos runs) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        _stop.Cancel();
        _stop.Dispose();
        _stop = new CancellationTokenSource();
    }

    public void Resume() => Listen();

    public int Port { get; }
    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesToAsync(string address, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var matching = MessagesTo(address);
            if (matching.Count >= count)
            {
                return matching;
            }

            await Task.Delay(50);
        }

        return MessagesTo(address);
    }

    public List<MimeMessage> MessagesTo(string address) =>
        _store.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
