using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TicketBottle.Testing;

public static class LoopbackHost
{
    /// <summary>
    /// Starts a service on real Kestrel at a free 127.0.0.1 port and returns its base address, so tests speak
    /// real HTTP/2 gRPC to it exactly as another pod or a Lambda would.
    /// </summary>
    public static async Task<Uri> StartOnLoopbackAsync(this WebApplication app, int port = 0, CancellationToken cancellationToken = default)
    {
        app.Urls.Clear();
        app.Urls.Add($"http://127.0.0.1:{port}");
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.First());
    }
}

/// <summary>A service started on loopback with a gRPC channel to it; disposing stops both.</summary>
public sealed class LoopbackService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackService(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = Grpc.Net.Client.GrpcChannel.ForAddress(address);
    }

    public Uri Address { get; }
    public Grpc.Net.Client.GrpcChannel Channel { get; }

    public static async Task<LoopbackService> StartAsync(WebApplication app) => new(app, await app.StartOnLoopbackAsync());

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
